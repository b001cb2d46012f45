using DatasetForge.Core.Definitions;
using DatasetForge.Training.Stages;
using DatasetForge.Training.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Training.Tests.Stages;

/// <summary>A run is keyed by the version, the model and the options that shape it.</summary>
[Collection(TorchCollection.Name)]
public sealed class RunOptionsTests
{
    [Fact]
    public async Task Train_SameOptionsAgain_DoesNothing_ButChangedOptionsTrainANewRun()
    {
        var options = new TrainingOptions { InputSize = 16, Epochs = 1, BatchSize = 16, LearningRate = 2e-3, Patience = 1, Device = "auto" };
        await using var version = await TestVersion.CreateAsync(fashionClasses: [1, 5], perClass: 12, training: options);
        await new TrainStage().RunAsync(version.Context());

        var again = await new TrainStage().RunAsync(version.Context());
        var mixup = await new TrainStage().RunAsync(version.Context() with
        {
            Dataset = new DatasetDefinition
            {
                Name = version.Dataset.Name,
                Label = version.Dataset.Label,
                LabelKind = version.Dataset.LabelKind,
                Seed = version.Dataset.Seed,
                Training = new TrainingOptions { InputSize = 16, Epochs = 1, BatchSize = 16, LearningRate = 2e-3, Patience = 1, Device = "auto", MixupAlpha = 0.2 },
            },
        });

        again.Counts["trained"].ShouldBe(0);
        again.Summary.ShouldContain("with these options");
        mixup.Counts["trained"].ShouldBe(1);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(version.Workspace);
        (await catalogue.TrainingRuns.CountAsync()).ShouldBe(2);
    }
}
