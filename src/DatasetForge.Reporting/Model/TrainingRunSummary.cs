using DatasetForge.Core.Evaluation;

namespace DatasetForge.Reporting.Model;

/// <summary>
/// The newest evaluated training run: its metrics and, when the run wrote one, the path of its evaluation page
/// relative to the reports folder.
/// </summary>
public sealed record TrainingRunSummary(string RunId, string VersionId, string Model, ClassificationMetrics Metrics, string? EvaluationPage);
