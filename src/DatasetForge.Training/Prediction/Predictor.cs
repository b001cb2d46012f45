using System.Globalization;
using DatasetForge.Torch;
using DatasetForge.Torch.Native;
using DatasetForge.Training.Data;
using DatasetForge.Training.Models;
using DatasetForge.Training.Runs;
using OpenCvSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.Training.Prediction;

/// <summary>
/// Classifies (or, for a regression run, scores) decoded face crops with a trained run's best weights: the library
/// side of <c>forge predict</c>, usable without the CLI.
/// </summary>
public sealed class Predictor : IDisposable
{
    private readonly Module<Tensor, Tensor> _model;
    private readonly Device _device;

    private Predictor(RunDescription run, Module<Tensor, Tensor> model, Device device)
    {
        Run = run;
        _model = model;
        _device = device;
    }

    /// <summary>What the run trained on: its classes, input size and channels.</summary>
    public RunDescription Run { get; }

    /// <summary>True when the run is a regression (the label is a number).</summary>
    public bool IsRegression => Run.Task == "regression";

    /// <summary>Loads the best weights (<c>model.bin</c>) of the run in <paramref name="runFolder"/>.</summary>
    public static async Task<Predictor> LoadAsync(string runFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runFolder);
        var run = await RunDescription.ReadAsync(runFolder, cancellationToken);
        var weights = Path.Combine(runFolder, RunFiles.Weights);
        if (!File.Exists(weights))
        {
            throw new FileNotFoundException($"Run {run.RunId}: its weights {weights} are missing.", weights);
        }

        TorchNative.EnsureLoaded();
        var device = DeviceSelector.Choose(run.Options.Device, out _);
        var outputs = run.Task == "regression" ? 1 : run.Classes.Count;
        var model = ModelFactory.Create(run.Model, new ModelShape(run.Channels, run.InputSize, outputs), run.Options);
        try
        {
            model.load(weights);
            model.to(device);
            model.eval();
        }
        catch
        {
            model.Dispose();
            throw;
        }

        return new Predictor(run, model, device);
    }

    /// <summary>
    /// Turns a face crop (OpenCV BGR, BGRA or grey) into the input this run expects: its side and its channels
    /// (a colour crop for a grey model is converted to luminance rather than keeping only its red channel).
    /// </summary>
    public DecodedImage Prepare(Mat crop, string id)
    {
        ArgumentNullException.ThrowIfNull(crop);
        var image = ImageDecoder.FromMat(crop, Run.InputSize, id);
        return Run.Channels == 1 && image.Channels == 3 ? ToGrey(image) : image;
    }

    /// <summary>Predicts every input, in order. An image of another side than the run's input size is an error naming it.</summary>
    public IReadOnlyList<Prediction> Predict(IReadOnlyList<PredictionInput> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            return [];
        }

        var images = new DecodedImage[inputs.Count];
        var items = new VersionItem[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var image = inputs[i].Image;
            if (image.Size != Run.InputSize)
            {
                throw new ArgumentException(
                    $"Image {inputs[i].Id} is {image.Size}x{image.Size}; run {Run.RunId} expects {Run.InputSize}x{Run.InputSize} (use Prepare).",
                    nameof(inputs));
            }

            images[i] = Run.Channels == 1 && image.Channels == 3 ? ToGrey(image) : image;
            items[i] = new VersionItem(inputs[i].Id, string.Empty, 0, "predict", string.Empty, string.Empty);
        }

        var set = new ImageSet(items, images, Run.Channels, Run.InputSize);
        var batchSize = Math.Max(1, Run.Options.BatchSize);
        if (IsRegression)
        {
            var values = ModelTrainer.Values(_model, set, _device, batchSize, Run.TargetMean, Run.TargetScale, cancellationToken);
            return [.. values.Select((v, i) => new Prediction(inputs[i].Id, v.ToString("0.###", CultureInfo.InvariantCulture), double.NaN, []))];
        }

        var probabilities = ModelTrainer.Probabilities(_model, set, _device, batchSize, cancellationToken);
        return
        [
            .. probabilities.Select((p, i) =>
            {
                var best = ModelTrainer.ArgMax(p);
                return new Prediction(inputs[i].Id, Run.Classes[best], p[best], p);
            }),
        ];
    }

    public void Dispose() => _model.Dispose();

    private static DecodedImage ToGrey(DecodedImage image)
    {
        // ITU-R BT.601 luma, the weights OpenCV's RGB2GRAY uses, so a crop matches the grey images the run saw.
        var plane = image.Size * image.Size;
        var grey = new byte[plane];
        for (var i = 0; i < plane; i++)
        {
            var r = image.Pixels[i * 3];
            var g = image.Pixels[(i * 3) + 1];
            var b = image.Pixels[(i * 3) + 2];
            grey[i] = (byte)Math.Clamp(Math.Round((0.299 * r) + (0.587 * g) + (0.114 * b)), 0, 255);
        }

        return new DecodedImage(image.Size, 1, grey);
    }
}
