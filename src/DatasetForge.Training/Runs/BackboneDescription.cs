using DatasetForge.Core.Definitions;
using DatasetForge.Core.Workspace;
using DatasetForge.Training.Models;

namespace DatasetForge.Training.Runs;

/// <summary>
/// In <c>run.json</c>, for a model with a pretrained trunk (the face models, or a run from <c>initialWeights</c>):
/// which weights it started from, what stayed frozen and at what rate the rest trained.
/// </summary>
public sealed record BackboneDescription
{
    /// <summary>The weights: name and version (<c>face-api 1.7.15 face_recognition_model</c>) or the initial weights file.</summary>
    public required string Weights { get; init; }

    /// <summary>SHA-256 of the weights file the trunk was built from.</summary>
    public string? WeightsSha256 { get; init; }

    /// <summary>The freeze the run used (the option, or the model's default).</summary>
    public required string Freeze { get; init; }

    /// <summary>The trunk blocks that trained besides the head (every one for <c>none</c>).</summary>
    public required IReadOnlyList<string> TrainableBlocks { get; init; }

    /// <summary>The learning rate of those blocks (the head's is <c>options.learningRate</c>).</summary>
    public double? LearningRate { get; init; }

    /// <summary>The central fraction of the input the face network saw (face models).</summary>
    public double? Crop { get; init; }

    /// <summary>
    /// The description of a run with <paramref name="options"/> that starts from <paramref name="initialWeights"/>
    /// (a full path, or null), or null when its model has no pretrained trunk and it starts from fresh weights.
    /// </summary>
    public static async Task<BackboneDescription?> ForAsync(TrainingOptions options, string? initialWeights, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spec = ModelFactory.Spec(options.Model);
        if (spec.PretrainedWeights is null && initialWeights is null)
        {
            return null;
        }

        var plan = Freezing.Plan(spec, options.Freeze);
        var file = spec.PretrainedWeights is not null ? spec.PretrainedWeightsFile?.Invoke() : initialWeights;
        return new BackboneDescription
        {
            Weights = spec.PretrainedWeights ?? initialWeights!,
            WeightsSha256 = file is not null && File.Exists(file) ? await ContentHash.OfFileAsync(file, cancellationToken) : null,
            Freeze = plan.Freeze,
            TrainableBlocks = plan.TrainableBlocks,
            LearningRate = ModelTrainer.BackboneLearningRate(options),
            Crop = spec.PretrainedWeights is not null ? options.BackboneCrop : null,
        };
    }
}
