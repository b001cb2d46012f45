using DatasetForge.Core.Definitions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.Training.Models;

/// <summary>
/// What the trainer knows of a model before it is built: its name, the blocks of its trunk in order and its head (as
/// parameter-name prefixes, for freezing and per-part learning rates), the default of <see cref="TrainingOptions.Freeze"/>,
/// and the pretrained weights it is built on, if any.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>The name <see cref="TrainingOptions.Model"/> gives.</summary>
    public required string Name { get; init; }

    /// <summary>The trunk's blocks, first to last, as parameter-name prefixes (<c>layer4.1</c>); <c>freeze: N</c> trains the last N.</summary>
    public required IReadOnlyList<string> Blocks { get; init; }

    /// <summary>The head's parameter-name prefixes: always trained.</summary>
    public required IReadOnlyList<string> Head { get; init; }

    /// <summary>The freeze a run gets when <see cref="TrainingOptions.Freeze"/> is null.</summary>
    public string DefaultFreeze { get; init; } = Freezing.None;

    /// <summary>
    /// Whether the model takes any input side (global pooling before its head), so it can train at
    /// <see cref="TrainingOptions.ProgressiveSize"/>; false when its dense layer is sized for one side.
    /// </summary>
    public bool AnyInputSize { get; init; }

    /// <summary>The pretrained weights the model is built on (name and version), or null for fresh weights.</summary>
    public string? PretrainedWeights { get; init; }

    /// <summary>Finds the file of <see cref="PretrainedWeights"/> (for its hash in run.json).</summary>
    internal Func<string>? PretrainedWeightsFile { get; init; }

    /// <summary>Builds the model for a shape and the run's options.</summary>
    internal Func<ModelShape, TrainingOptions, Module<Tensor, Tensor>> Build { get; init; } = (_, _) => throw new InvalidOperationException("The spec has no builder.");

    /// <summary>Whether parameter <paramref name="name"/> belongs to the head.</summary>
    public bool IsHead(string name) => Head.Any(prefix => Freezing.HasPrefix(name, prefix));
}
