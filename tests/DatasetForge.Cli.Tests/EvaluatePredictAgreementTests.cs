using System.Globalization;
using DatasetForge.Export.Versions;
using DatasetForge.Training.Runs;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// A precropped model scores the same through <c>forge predict --precropped</c> on the original images as in
/// <c>forge evaluate</c> on their exported crops: the gender project's 0.88 in evaluate fell to 0.535 in predict when
/// export and predict cut a precropped image differently.
/// </summary>
public sealed class EvaluatePredictAgreementTests
{
    [Fact]
    public async Task PredictPrecropped_OnTheTestItemsOriginals_GivesEvaluatesLabelsAndConfidences()
    {
        using var project = new GarmentProject(perClass: 20, training: "  model: small-cnn\n  inputSize: 32\n  epochs: 2\n  batchSize: 16\n  device: cpu");
        foreach (var stage in new[] { "import", "curate", "export", "train", "evaluate" })
        {
            var (stageCode, stageOutput) = await project.ForgeAsync(stage);
            stageCode.ShouldBe(0, stageOutput);
        }

        var (run, folder) = await RunLocator.FindAsync(project.Workspace, runId: null);
        var evaluated = (await File.ReadAllLinesAsync(Path.Combine(folder, RunFiles.Predictions))).Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => (Predicted: f[2], Confidence: double.Parse(f[3], CultureInfo.InvariantCulture)));
        evaluated.Count.ShouldBeGreaterThanOrEqualTo(6, "the test split of 40 garments");
        // The original file of each evaluated item (an item's id comes from its crop), copied under that id.
        var originals = Path.Combine(project.Workspace.Root, "originals");
        Directory.CreateDirectory(originals);
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(project.Workspace))
        {
            var items = await catalogue.Items.AsNoTracking()
                .Where(i => i.Photo != null && i.Photo.Face != null && i.Photo.Face.CropSha256 != null)
                .Select(i => new { i.Key, i.Photo!.Face!.CropSha256 })
                .ToListAsync();
            var byId = items.ToDictionary(i => VersionIds.Item(i.CropSha256!), i => i.Key);
            foreach (var id in evaluated.Keys)
            {
                File.Copy(Path.Combine(project.Data, byId[id]), Path.Combine(originals, id + ".png"));
            }
        }

        var csv = Path.Combine(project.Workspace.Root, "predicted.csv");
        var (code, output) = await project.ForgeAsync("predict", originals, "--precropped", "--run", run.Id, "--min-confidence", "0", "--out", csv);

        code.ShouldBe(0, output);
        var predicted = (await File.ReadAllLinesAsync(csv)).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
        predicted.Keys.Order(StringComparer.Ordinal).ShouldBe(evaluated.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, expected) in evaluated)
        {
            predicted[id][1].ShouldBe(expected.Predicted, $"item {id}");
            double.Parse(predicted[id][2], CultureInfo.InvariantCulture).ShouldBe(expected.Confidence, 1e-4, $"item {id}");
        }
    }
}
