using System.Text.Json;
using DatasetForge.Core.Evaluation;
using DatasetForge.Training.Models;
using DatasetForge.Training.Prediction;
using DatasetForge.Training.Runs;
using DatasetForge.Training.Stages;
using DatasetForge.Training.Tests.Support;
using OpenCvSharp;
using TorchSharp;
using Xunit.Abstractions;

namespace DatasetForge.Training.Tests.FaceModels;

[Collection(TorchCollection.Name)]
public sealed class FaceEmbeddingTests(FaceEmbeddingFixture fixture, ITestOutputHelper output) : IClassFixture<FaceEmbeddingFixture>
{
    [Fact]
    public async Task Train_OnRealFaces_BeatsChanceOnTheHeldOutTestSplit()
    {
        output.WriteLine(fixture.Trained.Summary);
        output.WriteLine(fixture.Evaluated.Summary);
        var (_, folder) = await RunLocator.FindAsync(fixture.Version.Workspace, runId: null);
        var metrics = JsonSerializer.Deserialize<ClassificationMetrics>(
            await File.ReadAllBytesAsync(Path.Combine(folder, RunFiles.Metrics)), EvaluateStage.MetricsSerializerOptions)!;
        var test = fixture.Version.Manifest.Items.Where(i => i.Split == "test").ToList();
        var majority = test.GroupBy(i => i.Label).Max(g => g.Count()) / (double)test.Count;

        metrics.Accuracy.ShouldBeGreaterThan(majority, $"chance (the majority class) is {majority:0.00} on {test.Count} faces");
    }

    [Fact]
    public async Task Train_KeepsTheBackboneAsPretrained_AndTrainsTheHead()
    {
        var (_, folder) = await RunLocator.FindAsync(fixture.Version.Workspace, runId: null);
        var description = await RunDescription.ReadAsync(folder);
        using var trained = ModelFactory.Create(description.Model, new ModelShape(description.Channels, description.InputSize, 2), description.Options);
        trained.load(Path.Combine(folder, RunFiles.Weights));

        // The head the run started from: the stage seeds torch with the dataset's seed before it builds the model.
        torch.manual_seed(description.Seed);
        using var fresh = ModelFactory.Create(description.Model, new ModelShape(description.Channels, description.InputSize, 2), description.Options);
        var before = fresh.state_dict();
        var after = trained.state_dict();

        foreach (var name in new[] { "backbone.conv32_down.conv.conv.weight", "backbone.conv256_down_out.conv2.conv.conv.weight", "backbone.fc.linear.weight" })
        {
            after[name].equal(before[name]).all().item<bool>().ShouldBeTrue($"{name} changed");
        }

        after["head.dense.weight"].equal(before["head.dense.weight"]).all().item<bool>().ShouldBeFalse("the head did not train");
        after["head.logits.bias"].equal(before["head.logits.bias"]).all().item<bool>().ShouldBeFalse("the head did not train");
    }

    [Fact]
    public async Task RunJson_RecordsTheBackboneWeightsAndWhatStayedFrozen()
    {
        var (_, folder) = await RunLocator.FindAsync(fixture.Version.Workspace, runId: null);

        var backbone = (await RunDescription.ReadAsync(folder)).Backbone.ShouldNotBeNull();

        backbone.Weights.ShouldBe("face-api 1.7.15 face_recognition_model");
        backbone.WeightsSha256.ShouldNotBeNull().Length.ShouldBe(64);
        backbone.Freeze.ShouldBe("all");
        backbone.TrainableBlocks.ShouldBeEmpty();
        backbone.Crop.ShouldBe(0.6);
    }

    [Fact]
    public async Task Predict_OnTheTestCrops_AgreesWithTheEvaluateStage()
    {
        var (_, folder) = await RunLocator.FindAsync(fixture.Version.Workspace, runId: null);
        using var predictor = await Predictor.LoadAsync(folder);
        var evaluated = File.ReadAllLines(Path.Combine(folder, RunFiles.Predictions)).Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => f[2]);
        var inputs = new List<PredictionInput>();
        foreach (var item in fixture.Version.Manifest.Items.Where(i => i.Split == "test"))
        {
            using var image = Cv2.ImRead(Path.Combine(fixture.Version.VersionFolder, item.File));
            inputs.Add(new PredictionInput(item.Id, predictor.Prepare(image, item.File)));
        }

        var predictions = predictor.Predict(inputs);

        predictions.Count.ShouldBe(evaluated.Count);
        predictions.ShouldAllBe(p => p.Label == evaluated[p.Id]);
    }
}
