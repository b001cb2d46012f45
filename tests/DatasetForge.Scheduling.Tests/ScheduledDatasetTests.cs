using DatasetForge.Core.Definitions;

namespace DatasetForge.Scheduling.Tests;

public sealed class ScheduledDatasetTests
{
    [Fact]
    public void FromDefinitions_keeps_the_datasets_that_have_a_schedule()
    {
        DatasetDefinition[] definitions =
        [
            new() { Name = "faces", Label = "field", Schedule = " 0 0 3 * * ? " },
            new() { Name = "majors", Label = "field" },
            new() { Name = "couples", Label = "gender", Schedule = "" },
        ];

        var scheduled = ScheduledDataset.FromDefinitions(definitions);

        scheduled.ShouldBe([new ScheduledDataset("faces", "0 0 3 * * ?")]);
    }
}
