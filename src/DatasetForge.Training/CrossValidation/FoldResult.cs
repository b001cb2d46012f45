namespace DatasetForge.Training.CrossValidation;

/// <summary>
/// One fold of a cross-validation: how many items trained and validated, the epochs run, and the validation loss and
/// metric (accuracy, or MAE in label units for regression) of the fold's best weights.
/// </summary>
public sealed record FoldResult(int Fold, int TrainCount, int ValidationCount, int EpochsRun, int BestEpoch, double Loss, double Metric);
