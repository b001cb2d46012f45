using System.Text.Json;
using DatasetForge.Core.Evaluation;
using DatasetForge.Core.Pipeline;
using DatasetForge.Training.Runs;
using DatasetForge.Training.Stages;
using DatasetForge.Training.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace DatasetForge.Training.Tests.Stages;

[Collection(TorchCollection.Name)]
public sealed class TrainEvaluateTests(TrainedVersionFixture fixture, ITestOutputHelper output) : IClassFixture<TrainedVersionFixture>
{
    [Fact]
    public void Summaries_AreWrittenToTheTestLog()
    {
        output.WriteLine(DatasetForge.Torch.Native.TorchNative.State?.Reason ?? "native state unknown");
        output.WriteLine(fixture.Trained.Summary);
        output.WriteLine(fixture.Evaluated.Summary);

        fixture.Trained.Summary.ShouldContain(fixture.Version.Version.Id);
    }

    [Fact]
    public async Task Train_RecordsATrainedThenEvaluatedRunOnTheVersion()
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Version.Workspace);
        var run = await catalogue.TrainingRuns.SingleAsync();

        run.VersionId.ShouldBe(fixture.Version.Version.Id);
        run.Model.ShouldBe("small-cnn");
        run.Status.ShouldBe(RunStatus.Evaluated);
        run.Device.ShouldBeOneOf("cpu", "cuda");
        run.EpochsRun.ShouldBeInRange(1, 6);
        run.BestEpoch.ShouldBeInRange(1, run.EpochsRun);
        run.BestValidationLoss.ShouldNotBeNull();
        run.TestAccuracy.ShouldNotBeNull();
        run.Path.ShouldBe(Path.Combine("runs", run.Id));
        fixture.Trained.Counts["trained"].ShouldBe(1);
    }

    [Fact]
    public async Task Train_WritesWeightsEpochsAndRunDescription()
    {
        var folder = RunFolder();

        File.Exists(Path.Combine(folder, RunFiles.Weights)).ShouldBeTrue();
        var lines = await File.ReadAllLinesAsync(Path.Combine(folder, RunFiles.Epochs));
        lines[0].ShouldBe("epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds,lr,size");
        lines.Length.ShouldBe((int)fixture.Trained.Counts["epochs"] + 1);
        var description = await RunDescription.ReadAsync(folder);
        description.VersionId.ShouldBe(fixture.Version.Version.Id);
        description.Classes.ShouldBe(fixture.Version.Manifest.Classes);
        description.Status.ShouldBe(RunStatus.Trained);
        // The version's PNGs are colour files holding grey garments: trained as the grey images they are.
        description.Channels.ShouldBe(1);
        description.Monitor.ShouldBe("validation");
        fixture.Progress.ShouldContain(p => p.Stage == PipelineStage.Train && p.Step == "epochs" && p.Detail != null && p.Detail.StartsWith("epoch 1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Evaluate_AccuracyClearlyAboveChance_AndMetricsJsonParses()
    {
        var folder = RunFolder();
        var json = await File.ReadAllTextAsync(Path.Combine(folder, RunFiles.Metrics));
        var metrics = JsonSerializer.Deserialize<ClassificationMetrics>(json, EvaluateStage.MetricsSerializerOptions)!;

        metrics.Split.ShouldBe("test");
        metrics.Count.ShouldBe(40);
        metrics.VersionId.ShouldBe(fixture.Version.Version.Id);
        metrics.Classes.ShouldBe(fixture.Version.Manifest.Classes);
        // Four classes: chance is 25%.
        metrics.Accuracy.ShouldBeGreaterThan(0.6);
        metrics.PerClass.Sum(c => c.Support).ShouldBe(40);
        metrics.ConfusionMatrix.Sum(r => r.Sum()).ShouldBe(40);
        fixture.Evaluated.Counts["items"].ShouldBe(40);
    }

    [Fact]
    public async Task Evaluate_WritesPredictionsAndASelfContainedPage()
    {
        var folder = RunFolder();

        var predictions = await File.ReadAllLinesAsync(Path.Combine(folder, RunFiles.Predictions));
        predictions[0].ShouldBe("id,label,predicted,confidence");
        predictions.Length.ShouldBe(41);
        var page = fixture.Evaluated.Artifacts.ShouldHaveSingleItem();
        page.ShouldBe(Path.Combine(folder, RunFiles.EvaluationPage));
        var html = await File.ReadAllTextAsync(page);
        html.ShouldContain("Confusion matrix");
        html.ShouldContain("trouser");
        html.ShouldNotContain("<script");
        // Nothing is fetched from elsewhere; the SVG namespace is a name, not an address.
        html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", string.Empty, StringComparison.Ordinal).ShouldNotContain("http");
    }

    [Fact]
    public async Task Train_SecondRun_DoesNothing()
    {
        var result = await new TrainStage().RunAsync(fixture.Version.Context());

        result.Counts["trained"].ShouldBe(0);
        result.Counts["skipped"].ShouldBe(1);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Version.Workspace);
        (await catalogue.TrainingRuns.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Evaluate_NothingLeftToEvaluate_DoesNothing()
    {
        var result = await new EvaluateStage().RunAsync(fixture.Version.Context());

        result.Counts["evaluated"].ShouldBe(0);
    }

    private string RunFolder()
    {
        var runs = Directory.GetDirectories(fixture.Version.Workspace.RunsDirectory);
        return runs.ShouldHaveSingleItem();
    }
}
