using DatasetForge.Core.Definitions;

namespace DatasetForge.Training.Runs;

/// <summary>
/// Everything <see cref="ModelTrainer.Fit"/> needs besides the model and data: the dataset's options, the seed, the task
/// (regression with the train split's mean and spread to standardise targets, or classification with optional class
/// weights), the run folder for weights and checkpoints, the checkpoint to resume from, and the train split at the smaller
/// side of progressive resizing.
/// </summary>
public sealed record TrainerSettings(TrainingOptions Options, int Seed, string RunFolder)
{
    /// <summary>A numeric label: SmoothL1 on standardised targets, MAE as the metric.</summary>
    public bool Regression { get; init; }

    /// <summary>Mean of the train targets (regression).</summary>
    public double TargetMean { get; init; }

    /// <summary>Standard deviation of the train targets, at least 1e-6 (regression).</summary>
    public double TargetScale { get; init; } = 1;

    /// <summary>Per-class loss weights (classification), or null for none.</summary>
    public IReadOnlyList<float>? ClassWeights { get; init; }

    /// <summary>Go on after this checkpoint (its model and optimiser files must be in the run folder).</summary>
    public TrainingCheckpoint? Resume { get; init; }

    /// <summary>
    /// The train split at <see cref="TrainingOptions.ProgressiveSize"/> (the same items in the same order as the train
    /// set given to <see cref="ModelTrainer.Fit"/>), trained on for the first <see cref="ModelTrainer.ProgressiveEpochs"/>
    /// epochs; null trains every epoch at the full size.
    /// </summary>
    public Data.ImageSet? ProgressiveTrain { get; init; }
}
