using System.Text.RegularExpressions;
using DatasetForge.Training.Runs;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// <c>forge train --folds</c> on an imported project, then the fold runs used the way the README says: evaluated by
/// name, voted as an ensemble and used by <c>forge predict</c>.
/// </summary>
public sealed partial class CrossValidationCommandTests
{
    [Fact]
    public async Task FoldRuns_AreOrdinaryRuns_ForEvaluateEnsembleAndPredict()
    {
        using var project = new GarmentProject(perClass: 20, training: "  model: small-cnn\n  inputSize: 32\n  epochs: 1\n  batchSize: 16\n  device: cpu");
        foreach (var stage in new[] { "import", "curate" })
        {
            var (stageCode, stageOutput) = await project.ForgeAsync(stage);
            stageCode.ShouldBe(0, stageOutput);
        }

        // The folds come from the export's folds.csv, asked for on the command line.
        var (code, output) = await project.ForgeAsync("export", "--folds", "2");
        code.ShouldBe(0, output);
        Directory.GetFiles(project.Workspace.VersionsDirectory, "folds.csv", SearchOption.AllDirectories).ShouldHaveSingleItem();
        (code, output) = await project.ForgeAsync("train", "--folds", "2");
        code.ShouldBe(0, output);
        output.ShouldContain("(folds.csv)");
        var runs = FoldRun().Matches(output).Select(m => m.Groups[1].Value).ToList();
        runs.Count.ShouldBe(2, output);
        runs.ShouldAllBe(r => RunIds.IsFold(r));
        foreach (var run in runs)
        {
            var folder = Path.Combine(project.Workspace.Root, "runs", run);
            File.Exists(Path.Combine(folder, RunFiles.Description)).ShouldBeTrue(folder);
            EpochLog.Read(Path.Combine(folder, RunFiles.Epochs)).Count.ShouldBe(1);
            (await RunDescription.ReadAsync(folder)).Fold.ShouldNotBeNull();
        }

        (code, output) = await project.ForgeAsync("evaluate", "--run", runs[0]);
        code.ShouldBe(0, output);
        File.Exists(Path.Combine(project.Workspace.Root, "runs", runs[0], RunFiles.Metrics)).ShouldBeTrue(output);

        (code, output) = await project.ForgeAsync("evaluate", "--ensemble", runs[0], runs[1], "--voting", "weighted");
        code.ShouldBe(0, output);
        output.ShouldContain("ensemble");

        var predictions = Path.Combine(project.Workspace.Root, "fold-predictions.csv");
        (code, output) = await project.ForgeAsync("predict", Path.Combine(project.Data, "bag"), "--precropped", "--run", runs[1], "--out", predictions);
        code.ShouldBe(0, output);
        (await File.ReadAllLinesAsync(predictions)).Length.ShouldBe(21);

        // A fold trained on part of the data: it is not the version's run, so plain train still trains one.
        (code, output) = await project.ForgeAsync("train");
        code.ShouldBe(0, output);
        output.ShouldNotContain("nothing to do");
    }

    [GeneratedRegex(@"run (cv-\S+/fold-\d+)")]
    private static partial Regex FoldRun();
}
