using DatasetForge.Core.Pipeline;
using DatasetForge.Training.Stages;
using DatasetForge.Training.Tests.Support;

namespace DatasetForge.Training.Tests.Stages;

/// <summary>A dataset whose curation left one class: the chain says so and goes on, instead of crashing.</summary>
[Collection(TorchCollection.Name)]
public sealed class OneClassTests
{
    [Fact]
    public async Task TrainThenEvaluate_OneClassVersion_NothingTrainedWithAClearReason_AndEvaluateGoesOn()
    {
        await using var version = await TestVersion.CreateAsync(fashionClasses: [5], perClass: 12);
        var context = version.Context();

        var results = await new PipelineRunner([new TrainStage(), new EvaluateStage()]).RunAsync(context);

        results.Count.ShouldBe(2);
        results[0].Counts["trained"].ShouldBe(0);
        results[0].Summary.ShouldContain("holds one class ('Sandal')");
        results[0].Summary.ShouldContain("a classifier needs at least two");
        results[1].Counts["evaluated"].ShouldBe(0);
    }
}
