using System.Text.Json;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Torch.Native;
using DatasetForge.Training.Data;
using DatasetForge.Training.Evaluation;
using DatasetForge.Training.Models;
using DatasetForge.Training.Runs;
using DatasetForge.Training.Stages;
using DatasetForge.Training.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Training.Tests.Stages;

[Collection(TorchCollection.Name)]
public sealed class TrainerFeatureTests
{
    private static readonly JsonSerializerOptions Json = EvaluateStage.MetricsSerializerOptions;

    [Fact]
    public async Task NumericLabel_TrainsARegressionAndReportsMaeRmsePerFacet()
    {
        var training = new TrainingOptions { InputSize = 32, Epochs = 6, BatchSize = 16, LearningRate = 2e-3, Patience = 6 };
        await using var version = await TestVersion.CreateAsync(perClass: 36, training: training, regression: true);
        var context = version.Context();

        var trained = await new TrainStage().RunAsync(context);
        await new EvaluateStage().RunAsync(context);

        var folder = await RunFolderAsync(version);
        var description = await RunDescription.ReadAsync(folder);
        description.Task.ShouldBe("regression");
        (await File.ReadAllLinesAsync(Path.Combine(folder, RunFiles.Epochs)))[0].ShouldContain("train_mae");
        var report = JsonSerializer.Deserialize<EvaluationReport>(await File.ReadAllBytesAsync(Path.Combine(folder, RunFiles.Evaluation)), Json)!;
        report.Task.ShouldBe("regression");
        report.Regression.ShouldNotBeNull();
        report.Regression.Rmse.ShouldBeGreaterThanOrEqualTo(report.Regression.Mae);

        // Labels are 1, 5, 8 and 9 in equal numbers: always guessing their mean (5.75) is off by 2.75 on average.
        report.Regression.Mae.ShouldBeLessThan(2.75, trained.Summary);
        report.PerFacet["source"].Keys.ShouldBe(["even-page", "odd-page"], ignoreOrder: true);
        report.PerFacet["source"].Values.ShouldAllBe(m => m.Mae != null && m.Accuracy == null);
        var html = await File.ReadAllTextAsync(Path.Combine(folder, RunFiles.EvaluationPage));
        html.ShouldContain("Predicted against true");
        html.ShouldContain("<circle");
    }

    [Fact]
    public async Task Plateau_CutsTheRateByItsFactorAfterItsPatience()
    {
        // A rate so small that the validation loss cannot improve by ReduceLROnPlateau's threshold (1e-4, relative).
        var training = new TrainingOptions
        {
            InputSize = 16, Epochs = 4, BatchSize = 16, LearningRate = 1e-7, Patience = 10, Schedule = "plateau",
            PlateauFactor = 0.5, PlateauPatience = 1, Device = "cpu",
        };
        await using var version = await TestVersion.CreateAsync(fashionClasses: [1, 8], perClass: 12, training: training);

        var trained = await new TrainStage().RunAsync(version.Context());

        var epochs = EpochLog.Read(Path.Combine(trained.Artifacts[0], RunFiles.Epochs));
        epochs.Select(e => e.LearningRate).ShouldBe([1e-7, 1e-7, 1e-7, 5e-8], tolerance: 1e-12);
    }

    [Theory]
    [InlineData("adam", "cosine", 2e-3)]
    [InlineData("sgd", "onecycle", 0.05)]
    public async Task Resume_AfterCancellationMidRun_GoesOnFromTheLastCheckpoint(string optimizer, string schedule, double learningRate)
    {
        var training = new TrainingOptions
        {
            InputSize = 32, Epochs = 4, BatchSize = 16, LearningRate = learningRate, Patience = 10, Optimizer = optimizer, Schedule = schedule,
        };
        await using var version = await TestVersion.CreateAsync(perClass: 24, training: training);
        using var cancel = new CancellationTokenSource();
        var context = version.Context() with
        {
            Progress = new SyncProgress<StageProgress>(p =>
            {
                if (p.Detail?.StartsWith("epoch 2/", StringComparison.Ordinal) == true)
                {
                    cancel.Cancel();
                }
            }),
        };

        await Should.ThrowAsync<OperationCanceledException>(() => new TrainStage().RunAsync(context, cancel.Token));
        string runId;
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(version.Workspace))
        {
            var failed = await catalogue.TrainingRuns.SingleAsync();
            failed.Status.ShouldBe(RunStatus.Failed);
            runId = failed.Id;
        }

        var folder = Path.Combine(version.Workspace.Root, "runs", runId);
        TrainingCheckpoint.Read(folder)!.Epoch.ShouldBe(2);

        var resumed = await new TrainStage(new TrainStageOptions { ResumeRunId = runId }).RunAsync(version.Context());

        resumed.Summary.ShouldContain("Resumed");
        var epochs = EpochLog.Read(Path.Combine(folder, RunFiles.Epochs));
        epochs.Select(e => e.Epoch).ShouldBe([1, 2, 3, 4]);

        // Each epoch's row has the rate it trained at: the first epoch of cosine starts at the peak rate itself.
        if (schedule == "cosine")
        {
            epochs[0].LearningRate.ShouldBe(learningRate, 1e-12);
        }

        // Both schedules anneal over the last epochs, replayed on resume: the rate keeps falling where it left off.
        epochs[3].LearningRate.ShouldBeLessThan(epochs[2].LearningRate);
        epochs[2].LearningRate.ShouldBeLessThan(epochs[1].LearningRate);
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(version.Workspace))
        {
            var run = await catalogue.TrainingRuns.SingleAsync();
            run.Status.ShouldBe(RunStatus.Trained);
            run.EpochsRun.ShouldBe(4);
        }

        File.Exists(Path.Combine(folder, RunFiles.LearningCurve)).ShouldBeTrue();

        // The resumed epochs are the ones an unbroken run with the same seed trains: same shuffles, augmentation, dropout.
        await using var unbrokenVersion = await TestVersion.CreateAsync(perClass: 24, training: training);
        await new TrainStage().RunAsync(unbrokenVersion.Context());
        var unbroken = EpochLog.Read(Path.Combine(await RunFolderAsync(unbrokenVersion), RunFiles.Epochs));
        epochs.Select(e => e.LearningRate).ShouldBe(unbroken.Select(e => e.LearningRate), tolerance: 1e-9);
        epochs.Select(e => e.TrainLoss).ShouldBe(unbroken.Select(e => e.TrainLoss), tolerance: 1e-6);
    }

    [Fact]
    public void EpochSeeds_AreTheSameInEveryProcess()
    {
        // Fixed values: a seed derived with HashCode (randomised per process) made runs and resumes irreproducible.
        ModelTrainer.EpochSeed(7, 1).ShouldBe(633578304);
        ModelTrainer.EpochSeed(7, 2).ShouldBe(215150605);
        ModelTrainer.EpochSeed(8, 1).ShouldBe(97582000);
        ModelTrainer.EpochSeed(-1, 3).ShouldBe(1697036695);
    }

    [Fact]
    public async Task ResNet18_WithSgdOneCycleMixupClassWeightsAndAugmentation_TrainsAndWritesTheFullEvaluation()
    {
        var training = new TrainingOptions
        {
            Model = "resnet18", InputSize = 32, Epochs = 2, BatchSize = 16, LearningRate = 0.05, Patience = 5,
            Optimizer = "sgd", Momentum = 0.9, WeightDecay = 5e-4, Schedule = "onecycle", ClassWeights = true, MixupAlpha = 0.4,
            RotationDegrees = 15, MinCropScale = 0.8, ColourJitter = 0.2,
        };
        await using var version = await TestVersion.CreateAsync(perClass: 24, training: training);
        var context = version.Context();

        await new TrainStage().RunAsync(context);
        var tensors = TensorFile.PathFor(version.Workspace, version.Version.Id, 32);
        var decodedAt = File.GetLastWriteTimeUtc(tensors);
        var evaluated = await new EvaluateStage().RunAsync(context);

        // The evaluation maps the file training decoded into, rather than decoding again.
        File.GetLastWriteTimeUtc(tensors).ShouldBe(decodedAt);
        Directory.GetFiles(Path.GetDirectoryName(tensors)!).ShouldBe([tensors]);
        var folder = await RunFolderAsync(version);
        var epochs = EpochLog.Read(Path.Combine(folder, RunFiles.Epochs));
        epochs.Count.ShouldBe(2);
        epochs.ShouldAllBe(e => double.IsFinite(e.TrainLoss));
        var report = JsonSerializer.Deserialize<EvaluationReport>(await File.ReadAllBytesAsync(Path.Combine(folder, RunFiles.Evaluation)), Json)!;
        report.Classification.ShouldNotBeNull();
        report.RejectCurve.Count.ShouldBe(20);
        report.RejectCurve[0].Coverage.ShouldBe(1);
        report.RejectCurve.ShouldBe(report.RejectCurve.OrderByDescending(p => p.Coverage).ToList());
        report.PerFacet["source"].Values.Sum(m => m.Count).ShouldBe(report.Count);
        var html = await File.ReadAllTextAsync(Path.Combine(folder, RunFiles.EvaluationPage));
        html.ShouldContain("Grad-CAM");
        html.ShouldContain("false positives");
        html.ShouldContain("data:image/png;base64,");
        html.ShouldContain("Reject option");
        evaluated.Counts["items"].ShouldBe(report.Count);
    }

    [Fact]
    public void FineTune_FromWeightsWithOtherClasses_LoadsAllButTheOutputLayer()
    {
        TorchNative.EnsureLoaded();
        var path = Path.Combine(Path.GetTempPath(), "forge-weights-" + Guid.NewGuid().ToString("N") + ".bin");
        try
        {
            using var source = ModelFactory.Create("small-cnn", new ModelShape(1, 32, 4));
            source.save(path);
            using var target = ModelFactory.Create("small-cnn", new ModelShape(1, 32, 2));

            var fresh = WeightsLoader.LoadMatching(target, path);

            fresh.Count.ShouldBe(2);
            fresh.ShouldAllBe(name => name.Contains("logits", StringComparison.Ordinal));
            var sourceConv = source.state_dict().First().Value;
            var targetConv = target.state_dict().First().Value;
            targetConv.allclose(sourceConv).ShouldBeTrue();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_UnknownOptimizerOrSchedule_NamesTheChoices()
    {
        Should.Throw<ArgumentException>(() => TrainStage.Validate(new TrainingOptions { Optimizer = "adagrad" })).Message.ShouldContain("rmsprop");
        Should.Throw<ArgumentException>(() => TrainStage.Validate(new TrainingOptions { Schedule = "step" })).Message.ShouldContain("onecycle");
        Should.Throw<ArgumentException>(() => TrainStage.Validate(new TrainingOptions { MinCropScale = 0 })).Message.ShouldContain("minCropScale");
    }

    private static async Task<string> RunFolderAsync(TestVersion version)
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(version.Workspace);
        var run = await catalogue.TrainingRuns.SingleAsync();
        return Path.Combine(version.Workspace.Root, run.Path);
    }
}
