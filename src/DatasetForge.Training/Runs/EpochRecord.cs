namespace DatasetForge.Training.Runs;

/// <summary>One epoch of training: mean losses and accuracies; validation values are null without a validation split.</summary>
public sealed record EpochRecord(
    int Epoch, double TrainLoss, double TrainAccuracy, double? ValidationLoss, double? ValidationAccuracy, double Seconds);
