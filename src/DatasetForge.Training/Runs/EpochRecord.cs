namespace DatasetForge.Training.Runs;

/// <summary>
/// One epoch of training: mean losses and the metric (accuracy for classification, MAE in label units for regression);
/// validation values are null without a validation split. <paramref name="LearningRate"/> is the rate at the epoch's end.
/// </summary>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double Seconds,
    double LearningRate = double.NaN);
