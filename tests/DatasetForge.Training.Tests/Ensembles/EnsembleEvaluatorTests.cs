using System.Text.Json;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Training.Ensembles;
using DatasetForge.Training.Runs;
using DatasetForge.Training.Stages;
using DatasetForge.Training.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Training.Tests.Ensembles;

[Collection(TorchCollection.Name)]
public sealed class EnsembleEvaluatorTests
{
    [Fact]
    public async Task TwoRunsOfOneVersion_VoteAndAreMeasuredLikeOneRun()
    {
        var training = new TrainingOptions { InputSize = 32, Epochs = 3, BatchSize = 16, LearningRate = 2e-3, Patience = 3, Device = "cpu" };
        await using var version = await TestVersion.CreateAsync(perClass: 48, training: training);
        var other = new DatasetDefinition
        {
            Name = version.Dataset.Name, Label = version.Dataset.Label, LabelKind = version.Dataset.LabelKind, Seed = 8, Training = training,
        };
        await new TrainStage().RunAsync(version.Context());
        await new TrainStage(new TrainStageOptions { Force = true }).RunAsync(StageContext.Create(other, version.Workspace));
        List<string> runIds;
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(version.Workspace))
        {
            runIds = await catalogue.TrainingRuns.OrderBy(r => r.StartedAt).Select(r => r.Id).ToListAsync();
        }

        var majority = await EnsembleEvaluator.EvaluateAsync(version.Workspace, runIds, EnsembleVoting.Majority);
        var weighted = await EnsembleEvaluator.EvaluateAsync(version.Workspace, runIds, EnsembleVoting.Weighted);

        var testCount = version.Manifest.Items.Count(i => i.Split == "test");
        runIds.Count.ShouldBe(2);
        majority.Metrics.Count.ShouldBe(testCount);
        majority.Metrics.Split.ShouldBe("test");
        majority.Weights.ShouldBe([1.0, 1.0]);
        majority.RunAccuracies.ShouldAllBe(a => a > 0.5);
        majority.Metrics.Accuracy.ShouldBeGreaterThan(0.5);
        majority.Metrics.ConfusionMatrix.Sum(row => row.Sum()).ShouldBe(testCount);
        majority.Id.ShouldNotBe(weighted.Id);

        // Weighted voting weighs each run by its validation accuracy at its best epoch, read from its epochs.csv.
        for (var r = 0; r < runIds.Count; r++)
        {
            var folder = Path.Combine(version.Workspace.Root, "runs", runIds[r]);
            var description = await RunDescription.ReadAsync(folder);
            var best = EpochLog.Read(Path.Combine(folder, RunFiles.Epochs)).Single(e => e.Epoch == description.BestEpoch);
            weighted.Weights[r].ShouldBe(best.ValidationAccuracy!.Value);
        }

        using var written = JsonDocument.Parse(await File.ReadAllBytesAsync(weighted.Path!));
        written.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble().ShouldBe(weighted.Metrics.Accuracy);
    }

    [Fact]
    public async Task OneRun_OrAnUnknownRun_IsRejectedWithItsName()
    {
        await using var version = await TestVersion.CreateAsync(perClass: 6);

        await Should.ThrowAsync<ArgumentException>(() => EnsembleEvaluator.EvaluateAsync(version.Workspace, ["only-one"], EnsembleVoting.Majority));
        var error = await Should.ThrowAsync<InvalidOperationException>(
            () => EnsembleEvaluator.EvaluateAsync(version.Workspace, ["run-a", "run-b"], EnsembleVoting.Majority));
        error.Message.ShouldContain("run-a");
    }
}
