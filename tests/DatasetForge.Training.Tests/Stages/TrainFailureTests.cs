using DatasetForge.Catalogue.Entities;
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
    public async Task Train_AfterInterruptions_ResumesTheNewestAndRemovesTheOlderOnes()
    {
        var options = new TrainingOptions { InputSize = 16, Epochs = 3, BatchSize = 8, Patience = 5, Device = "cpu" };
        await using var version = await TestVersion.CreateAsync(perClass: 12, training: options);
        // One run interrupted after its first epoch (Ctrl-C), and an older one a kill left 'running', as repeated
        // interruptions of 'forge run' leave them.
        await InterruptAfterFirstEpochAsync(version, new TrainStageOptions());
        string newest;
        await using (var before = await Catalogue.Catalogue.OpenAsync(version.Workspace))
        {
            var interrupted = await before.TrainingRuns.SingleAsync();
            interrupted.Status.ShouldBe(RunStatus.Failed);
            newest = interrupted.Id;
            var killed = Path.Combine("runs", "20200101-000000-killed00");
            CopyFolder(Path.Combine(version.Workspace.Root, interrupted.Path), Path.Combine(version.Workspace.Root, killed));
            before.TrainingRuns.Add(new TrainingRunRecord
            {
                Id = "20200101-000000-killed00",
                VersionId = interrupted.VersionId,
                Model = interrupted.Model,
                Device = interrupted.Device,
                StartedAt = interrupted.StartedAt.AddHours(-1),
                Path = killed,
                Status = RunStatus.Running,
            });
            await before.SaveChangesAsync();
        }

        var result = await new TrainStage().RunAsync(version.Context());

        result.Summary.ShouldContain("Resumed");
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(version.Workspace);
        var run = await catalogue.TrainingRuns.SingleAsync();
        run.Id.ShouldBe(newest);
        run.Status.ShouldBe(RunStatus.Trained);
        var folder = Path.Combine(version.Workspace.Root, run.Path);
        EpochLog.Read(Path.Combine(folder, RunFiles.Epochs)).Select(e => e.Epoch).ShouldBe([1, 2, 3]);
        Directory.GetDirectories(version.Workspace.RunsDirectory).ShouldBe([folder]);
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

    private static async Task InterruptAfterFirstEpochAsync(TestVersion version, TrainStageOptions options)
    {
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
        await Should.ThrowAsync<OperationCanceledException>(() => new TrainStage(options).RunAsync(context, cancellation.Token));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static async Task ShouldHaveNoTrainedRunAsync(TestVersion version)
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(version.Workspace);
        (await catalogue.TrainingRuns.CountAsync()).ShouldBe(0);
        (await catalogue.StageRuns.SingleAsync()).Status.ShouldBe("failed");
    }
}
