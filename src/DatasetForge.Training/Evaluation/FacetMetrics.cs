namespace DatasetForge.Training.Evaluation;

/// <summary>
/// The metrics of the items sharing one facet value: accuracy and macro F1 for classification, MAE and RMSE for
/// regression (the others null).
/// </summary>
public sealed record FacetMetrics(int Count, double? Accuracy, double? MacroF1, double? Mae, double? Rmse);
