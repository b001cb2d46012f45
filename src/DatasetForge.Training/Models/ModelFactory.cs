using System.Globalization;
using DatasetForge.Core.Definitions;
using DatasetForge.Torch.Native;
using static TorchSharp.torch.nn;
using Tensor = TorchSharp.torch.Tensor;

namespace DatasetForge.Training.Models;

/// <summary>Builds a model by the name given in <c>TrainingOptions.Model</c>, and says what it is made of (<see cref="ModelSpec"/>).</summary>
public static class ModelFactory
{
    private static readonly Dictionary<string, ModelSpec> Specs = new ModelSpec[]
    {
        new()
        {
            Name = SmallCnn.Name, Blocks = ["_features.conv1", "_features.conv2", "_features.conv3"], Head = ["_classifier"],
            Build = (shape, _) => new SmallCnn(shape),
        },
        new()
        {
            Name = VggBn.Name, Blocks = ["_features.0", "_features.1", "_features.2"], Head = ["_classifier"],
            Build = (shape, _) => new VggBn(shape),
        },
        new() { Name = ResNet.Name18, AnyInputSize = true, Blocks = ResNetBlocks([2, 2, 2, 2]), Head = ["fc"], Build = (shape, _) => ResNet.ResNet18(shape) },
        new() { Name = ResNet.Name34, AnyInputSize = true, Blocks = ResNetBlocks([3, 4, 6, 3]), Head = ["fc"], Build = (shape, _) => ResNet.ResNet34(shape) },
        new() { Name = SppResNet.Name, AnyInputSize = true, Blocks = ResNetBlocks([3, 4, 6, 3]), Head = ["fc"], Build = (shape, _) => new SppResNet(shape) },
        new()
        {
            Name = FaceRecognitionModel.EmbeddingName, Blocks = FaceRecognitionModel.Blocks, Head = FaceRecognitionModel.Head,
            DefaultFreeze = Freezing.All, AnyInputSize = true, PretrainedWeights = FaceRecognitionModel.WeightsName, PretrainedWeightsFile = FaceRecognitionModel.WeightsFile,
            Build = (shape, options) => FaceRecognitionModel.Load(shape, options.BackboneCrop),
        },
        new()
        {
            Name = FaceRecognitionModel.FineTuneName, Blocks = FaceRecognitionModel.Blocks, Head = FaceRecognitionModel.Head,
            DefaultFreeze = "3", AnyInputSize = true, PretrainedWeights = FaceRecognitionModel.WeightsName, PretrainedWeightsFile = FaceRecognitionModel.WeightsFile,
            Build = (shape, options) => FaceRecognitionModel.Load(shape, options.BackboneCrop),
        },
    }.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    private static readonly TrainingOptions Defaults = new();

    /// <summary>The model names <see cref="Create(string, ModelShape, TrainingOptions)"/> accepts.</summary>
    public static IReadOnlyList<string> KnownModels { get; } = [.. Specs.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="name"/> names a known model.</summary>
    public static bool IsKnown(string? name) => name is not null && Specs.ContainsKey(name);

    /// <summary>What model <paramref name="name"/> is made of; an unknown name is an error that lists the known ones.</summary>
    public static ModelSpec Spec(string name) =>
        name is not null && Specs.TryGetValue(name, out var spec)
            ? spec
            : throw new ArgumentException($"Unknown model '{name}'. Known models: {string.Join(", ", KnownModels)}.", nameof(name));

    /// <summary>A new model with the default options (fresh weights, or the pretrained ones of a face model).</summary>
    public static Module<Tensor, Tensor> Create(string name, ModelShape shape) => Create(name, shape, Defaults);

    /// <summary>
    /// A new model built for <paramref name="shape"/> and the run's <paramref name="options"/> (the face models take
    /// <see cref="TrainingOptions.BackboneCrop"/> from them): fresh weights, or the pretrained ones of a face model.
    /// An unknown name is an error that lists the known ones.
    /// </summary>
    public static Module<Tensor, Tensor> Create(string name, ModelShape shape, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(name) || !Specs.TryGetValue(name, out var spec))
        {
            throw new ArgumentException(
                $"Unknown model '{name}'. Known models: {string.Join(", ", KnownModels)}.", nameof(name));
        }

        TorchNative.EnsureLoaded();
        return spec.Build(shape, options);
    }

    private static string[] ResNetBlocks(int[] perStage) =>
        [.. perStage.SelectMany((count, stage) => Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"layer{stage + 1}.{i}")))];
}
