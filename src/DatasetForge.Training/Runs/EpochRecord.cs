namespace DatasetForge.Training.Runs;

/// <summary>
/// One epoch of training: mean losses and the metric (accuracy for classification, MAE in label units for regression);
/// validation values are null without a validation split. <paramref name="LearningRate"/> is the rate the epoch trained
/// at; <paramref name="InputSize"/> the side of the images it trained on (smaller under progressive resizing; 0 when not
/// recorded).
/// </summary>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double Seconds,
    double LearningRate = double.NaN,
    int InputSize = 0);
