using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Training.Data;
using DatasetForge.Training.Runs;
using DatasetForge.Training.Stages;
using DatasetForge.Training.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Training.Tests.Stages;

[Collection(TorchCollection.Name)]
public sealed class TrainFailureTests
{
    [Fact]
    public async Task Train_TamperedImage_FailsNamingTheFile()
    {
        await using var version = await TestVersion.CreateAsync(perClass: 12);
        var item = version.Manifest.Items[3];
        var path = Path.Combine(version.VersionFolder, item.File);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^20] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Should.ThrowAsync<VersionIntegrityException>(() => new TrainStage().RunAsync(version.Context()));

        error.Message.ShouldContain(path);
        error.Message.ShouldContain("altered");
        error.FilePath.ShouldBe(path);
        await ShouldHaveNoTrainedRunAsync(version);
    }

    [Fact]
    public async Task Train_MissingImage_FailsNamingTheFile()
    {
        await using var version = await TestVersion.CreateAsync(perClass: 12);
        var path = Path.Combine(version.VersionFolder, version.Manifest.Items[5].File);
        File.Delete(path);

        var error = await Should.ThrowAsync<VersionIntegrityException>(() => new TrainStage().RunAsync(version.Context()));

        error.Message.ShouldContain(path);
        error.Message.ShouldContain("missing");
        await ShouldHaveNoTrainedRunAsync(version);
    }

    [Fact]
    public async Task Train_AlteredManifest_FailsNamingTheManifest()
    {
        await using var version = await TestVersion.CreateAsync(perClass: 12);
        var manifest = Path.Combine(version.VersionFolder, "manifest.json");
        await File.AppendAllTextAsync(manifest, " ");

        var error = await Should.ThrowAsync<VersionIntegrityException>(() => new TrainStage().RunAsync(version.Context()));

        error.Message.ShouldContain(manifest);
    }

    [Fact]
    public async Task Train_UnknownModel_ErrorListsKnownModels()
    {
        await using var version = await TestVersion.CreateAsync(perClass: 6, training: new TrainingOptions { Model = "vgg-42" });

        var error = await Should.ThrowAsync<ArgumentException>(() => new TrainStage().RunAsync(version.Context()));

        error.Message.ShouldContain("vgg-42");
        error.Message.ShouldContain("small-cnn");
    }

    [Fact]
    public async Task Train_CancelledDuringTraining_RunIsFailedNotTrained()
    {
        await using var version = await TestVersion.CreateAsync(
            perClass: 12, training: new TrainingOptions { InputSize = 16, Epochs = 5, BatchSize = 8, Patience = 5 });
        using var cancellation = new CancellationTokenSource();
        var context = version.Context() with
        {
            Progress = new SyncProgress<StageProgress>(p =>
            {
                if (p.Step.StartsWith("epoch", StringComparison.Ordinal))
                {
                    cancellation.Cancel();
                }
            }),
        };

        await Should.ThrowAsync<OperationCanceledException>(() => new TrainStage().RunAsync(context, cancellation.Token));

        await using var catalogue = await Catalogue.Catalogue.OpenAsync(version.Workspace);
        var run = await catalogue.TrainingRuns.SingleAsync();
        run.Status.ShouldBe(RunStatus.Failed);
        (await catalogue.StageRuns.SingleAsync()).Status.ShouldBe("cancelled");
        var description = await RunDescription.ReadAsync(Path.Combine(version.Workspace.Root, run.Path));
        description.Status.ShouldBe(RunStatus.Failed);
        description.Error.ShouldBe("cancelled");
    }

    [Fact]
    public async Task Train_NoValidationSplit_FallsBackToTrainLossAndSaysSo()
    {
        await using var version = await TestVersion.CreateAsync(
            perClass: 12, withValidation: false, training: new TrainingOptions { InputSize = 16, Epochs = 2, BatchSize = 8 });

        var result = await new TrainStage().RunAsync(version.Context());

        result.Summary.ShouldContain("no validation items");
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(version.Workspace);
        var run = await catalogue.TrainingRuns.SingleAsync();
        run.Status.ShouldBe(RunStatus.Trained);
        run.BestValidationLoss.ShouldBeNull();
        (await RunDescription.ReadAsync(Path.Combine(version.Workspace.Root, run.Path))).Monitor.ShouldBe("train");
    }

    private static async Task ShouldHaveNoTrainedRunAsync(TestVersion version)
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(version.Workspace);
        (await catalogue.TrainingRuns.CountAsync()).ShouldBe(0);
        (await catalogue.StageRuns.SingleAsync()).Status.ShouldBe("failed");
    }
}
