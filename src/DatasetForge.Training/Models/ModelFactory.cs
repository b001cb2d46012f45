using DatasetForge.Torch.Native;
using static TorchSharp.torch.nn;
using Tensor = TorchSharp.torch.Tensor;

namespace DatasetForge.Training.Models;

/// <summary>Builds a model by the name given in <c>TrainingOptions.Model</c>.</summary>
public static class ModelFactory
{
    private static readonly Dictionary<string, Func<ModelShape, Module<Tensor, Tensor>>> Builders = new(StringComparer.OrdinalIgnoreCase)
    {
        [SmallCnn.Name] = shape => new SmallCnn(shape),
        [VggBn.Name] = shape => new VggBn(shape),
        [ResNet.Name18] = ResNet.ResNet18,
        [ResNet.Name34] = ResNet.ResNet34,
        [SppResNet.Name] = shape => new SppResNet(shape),
    };

    /// <summary>The model names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> KnownModels { get; } = [.. Builders.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Whether <paramref name="name"/> names a known model.</summary>
    public static bool IsKnown(string? name) => name is not null && Builders.ContainsKey(name);

    /// <summary>A new model with fresh weights; an unknown name is an error that lists the known ones.</summary>
    public static Module<Tensor, Tensor> Create(string name, ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (string.IsNullOrWhiteSpace(name) || !Builders.TryGetValue(name, out var build))
        {
            throw new ArgumentException(
                $"Unknown model '{name}'. Known models: {string.Join(", ", KnownModels)}.", nameof(name));
        }

        TorchNative.EnsureLoaded();
        return build(shape);
    }
}
