namespace DatasetForge.Training.Runs;

/// <summary>
/// What <see cref="ModelTrainer.Fit"/> did: epochs run, the best epoch and loss, throughput, and how long the training
/// thread waited for batches (the data loader starving the model shows up as a large <see cref="DataWaitSeconds"/>).
/// </summary>
public sealed record TrainingOutcome(
    int EpochsRun, int BestEpoch, double BestLoss, bool StoppedEarly, IReadOnlyList<EpochRecord> Epochs, double ImagesPerSecond)
{
    /// <summary>Seconds the training thread waited for the next batch to be prepared, over all epochs.</summary>
    public double DataWaitSeconds { get; init; }

    /// <summary>Seconds of training (forward, backward, step, waiting for data), over all epochs.</summary>
    public double TrainSeconds { get; init; }
}
