using DatasetForge.Core.Assets;
using DatasetForge.FaceModels.Analysis;
using DatasetForge.FaceModels.Networks;
using DatasetForge.FaceModels.Weights;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.Training.Models;

/// <summary>
/// face-api's pretrained face-recognition network (<see cref="FaceRecognitionNet"/>, the 128-number descriptor) as a
/// trunk, with a small head trained on the descriptor: the academic-major project's "bottleneck features" approach
/// (<c>face-embedding</c>, trunk frozen) or fine-tuned with its last residual blocks (<c>face-finetune</c>).
/// </summary>
/// <remarks>
/// The model takes what every model here takes, the trainer's (N, C, S, S) batches in [-1, 1], grey or RGB, so
/// evaluation, prediction, k-fold and ensembles need no special case: inside, it takes the central
/// <see cref="Crop"/> of the side (our crops hold the face in their middle half; the network was trained on tight,
/// dlib-aligned faces), resizes it to 150x150 (bilinear), turns grey into three equal channels, and scales to the
/// network's 0..255. The descriptor is scaled to unit length, as face descriptors are compared, and times
/// sqrt(128), so each of its numbers is of order one for the head. Parameter names: <c>backbone.</c> + the TF.js
/// names (<c>backbone.conv256_down_out.conv1.conv.conv.weight</c>), <c>head.dense</c>, <c>head.logits</c>.
/// </remarks>
public sealed class FaceRecognitionModel : Module<Tensor, Tensor>
{
    /// <summary>The frozen network and a trained head: the factory name.</summary>
    public const string EmbeddingName = "face-embedding";

    /// <summary>The network with its last blocks trained too: the factory name.</summary>
    public const string FineTuneName = "face-finetune";

    /// <summary>The pretrained weights, as run.json records them.</summary>
    public const string WeightsName = "face-api 1.7.15 face_recognition_model";

    /// <summary>The weights manifest in face-api's model folder.</summary>
    public const string WeightsManifest = "face_recognition_model-weights_manifest.json";

    /// <summary>Units of the head's hidden layer.</summary>
    public const int HiddenUnits = 256;

    /// <summary>Dropout before the head's output layer.</summary>
    public const double DropoutRate = 0.5;

    private readonly FaceRecognitionNet backbone;
    private readonly Module<Tensor, Tensor> head;

    /// <param name="shape">Channels and side of the input, and the outputs.</param>
    /// <param name="crop">The central fraction of the side the network sees (<c>TrainingOptions.BackboneCrop</c>).</param>
    /// <param name="weights">face-api's <c>face_recognition_model</c> weights.</param>
    public FaceRecognitionModel(ModelShape shape, double crop, TfjsWeights weights)
        : base(nameof(FaceRecognitionModel))
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(weights);
        shape.Validate();
        if (crop is not (> 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(crop), crop, "The backbone crop is a fraction of the side in (0, 1].");
        }

        Crop = crop;
        backbone = new FaceRecognitionNet(weights);
        head = Sequential(
            ("dense", Linear(FaceRecognitionNet.DescriptorLength, HiddenUnits)),
            ("relu", ReLU()),
            ("dropout", Dropout(DropoutRate)),
            ("logits", Linear(HiddenUnits, shape.Classes)));
        RegisterComponents();
    }

    /// <summary>The trunk's residual blocks in order, as parameter-name prefixes.</summary>
    public static IReadOnlyList<string> Blocks { get; } = [.. FaceRecognitionNet.Blocks.Select(b => "backbone." + b)];

    /// <summary>The head's parameter-name prefix.</summary>
    public static IReadOnlyList<string> Head { get; } = ["head"];

    /// <summary>The central fraction of the input side the network sees.</summary>
    public double Crop { get; }

    /// <summary>The network built from face-api's weights in the asset folder (<c>eng/setup.sh</c> fetches them).</summary>
    public static FaceRecognitionModel Load(ModelShape shape, double crop) => new(shape, crop, TfjsWeights.Load(WeightsPath()));

    /// <summary>The weights file the manifest names (one shard), under the asset folder.</summary>
    public static string WeightsFile() => Path.Combine(AssetLocator.Require(FaceAnalyzer.ModelDirectory), "face_recognition_model.bin");

    /// <summary>The weights manifest under the asset folder; an error says how to fetch it when it is missing.</summary>
    public static string WeightsPath() => Path.Combine(AssetLocator.Require(FaceAnalyzer.ModelDirectory), WeightsManifest);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var descriptor = Descriptors(input);
        return head.forward(descriptor).MoveToOuterDisposeScope();
    }

    /// <summary>The head's input: the network's descriptors of a batch, at unit length times sqrt(128).</summary>
    public Tensor Descriptors(Tensor input)
    {
        using var scope = NewDisposeScope();
        var raw = backbone.forward(NetworkInput(input));
        var unit = functional.normalize(raw, p: 2, dim: 1);
        return unit.mul(Math.Sqrt(FaceRecognitionNet.DescriptorLength)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The trainer's (N, C, S, S) batch in [-1, 1] as the network's input: the central square of side
    /// round(S x <see cref="Crop"/>), resized to (N, 3, 150, 150), RGB in 0..255.
    /// </summary>
    public Tensor NetworkInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var side = input.shape[3];
        var cropSide = Math.Clamp((long)Math.Round(side * Crop), 1, side);
        var x = input;
        if (cropSide < side)
        {
            var offset = (side - cropSide) / 2;
            x = x.narrow(2, offset, cropSide).narrow(3, offset, cropSide);
        }

        if (cropSide != FaceRecognitionNet.InputSize)
        {
            x = functional.interpolate(
                x, [FaceRecognitionNet.InputSize, FaceRecognitionNet.InputSize], mode: InterpolationMode.Bilinear, align_corners: false);
        }

        x = x.add(1).mul(127.5);
        if (x.shape[1] == 1)
        {
            x = x.expand(-1, 3, -1, -1);
        }

        return x.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            backbone.Dispose();
            head.Dispose();
        }

        base.Dispose(disposing);
    }
}
