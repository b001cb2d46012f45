using System.Globalization;
using DatasetForge.Training.Data;
using DatasetForge.Training.Prediction;
using DatasetForge.Training.Runs;
using DatasetForge.Training.Tests.Stages;
using DatasetForge.Training.Tests.Support;
using OpenCvSharp;

namespace DatasetForge.Training.Tests.Prediction;

[Collection(TorchCollection.Name)]
public sealed class PredictorTests(TrainedVersionFixture fixture) : IClassFixture<TrainedVersionFixture>
{
    [Fact]
    public async Task Predict_OnTheTestCropsFromDisk_AgreesWithTheEvaluateStage()
    {
        var (run, folder) = await RunLocator.FindAsync(fixture.Version.Workspace, runId: null);
        using var predictor = await Predictor.LoadAsync(folder);
        var evaluated = File.ReadAllLines(Path.Combine(folder, RunFiles.Predictions)).Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => (Predicted: f[2], Confidence: double.Parse(f[3], CultureInfo.InvariantCulture)));
        var tests = fixture.Version.Manifest.Items.Where(i => i.Split == "test").ToList();
        var inputs = new List<PredictionInput>();
        foreach (var item in tests)
        {
            // As forge predict sees a photo: an OpenCV BGR image, prepared by the predictor.
            using var image = Cv2.ImRead(Path.Combine(fixture.Version.VersionFolder, item.File));
            inputs.Add(new PredictionInput(item.Id, predictor.Prepare(image, item.File)));
        }

        var predictions = predictor.Predict(inputs);

        run.Id.ShouldBe(predictor.Run.RunId);
        predictions.Count.ShouldBe(tests.Count);
        foreach (var prediction in predictions)
        {
            prediction.Label.ShouldBe(evaluated[prediction.Id].Predicted);
            prediction.Confidence.ShouldBe(evaluated[prediction.Id].Confidence, 1e-4);
            prediction.Probabilities.Sum().ShouldBe(1f, 1e-3f);
        }

        var correct = predictions.Count(p => p.Label == tests.Single(t => t.Id == p.Id).Label);
        ((double)correct / tests.Count).ShouldBeGreaterThan(0.5, "four Fashion-MNIST classes after six epochs are far above chance (0.25)");
    }

    [Fact]
    public async Task Predict_AnImageOfTheWrongSide_IsAnErrorNamingIt()
    {
        var (_, folder) = await RunLocator.FindAsync(fixture.Version.Workspace, runId: null);
        using var predictor = await Predictor.LoadAsync(folder);
        var wrong = new DecodedImage(predictor.Run.InputSize * 2, 3, new byte[predictor.Run.InputSize * predictor.Run.InputSize * 12]);

        var error = Should.Throw<ArgumentException>(() => predictor.Predict([new PredictionInput("holiday-photo", wrong)]));

        error.Message.ShouldContain("holiday-photo");
    }

    [Fact]
    public async Task PredictionCsv_WritesIdLabelWithEmptyLabelsForUnclassifiedPhotos()
    {
        var path = Path.Combine(fixture.Version.Root, "out", "predictions.csv");

        await PredictionCsv.WriteAsync(path, [("img_001", "Trouser"), ("img_002", null), ("img,3", "Bag")]);

        (await File.ReadAllTextAsync(path)).ShouldBe("id,label\nimg_001,Trouser\nimg_002,\n\"img,3\",Bag\n");
    }

    [Fact]
    public async Task RunLocator_UnknownRun_IsAnErrorNamingIt()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => RunLocator.FindAsync(fixture.Version.Workspace, "run-that-never-was"));

        error.Message.ShouldContain("run-that-never-was");
    }
}
