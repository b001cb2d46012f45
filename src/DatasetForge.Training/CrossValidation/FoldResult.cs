namespace DatasetForge.Training.CrossValidation;

/// <summary>
/// One fold of a cross-validation: how many items trained and validated, the epochs run, and the validation loss and
/// metric (accuracy, or MAE in label units for regression) of the fold's best weights, and the fold's run id
/// (<c>cv-…/fold-&lt;i&gt;</c>, usable with <c>forge evaluate --run</c>, <c>--ensemble</c> and <c>forge predict --run</c>).
/// </summary>
public sealed record FoldResult(int Fold, int TrainCount, int ValidationCount, int EpochsRun, int BestEpoch, double Loss, double Metric, string RunId = "");
