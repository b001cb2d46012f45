namespace DatasetForge.Training.Runs;

/// <summary>What <see cref="ModelTrainer.Fit"/> did: epochs run, the best epoch and loss, and throughput.</summary>
public sealed record TrainingOutcome(
    int EpochsRun, int BestEpoch, double BestLoss, bool StoppedEarly, IReadOnlyList<EpochRecord> Epochs, double ImagesPerSecond);
