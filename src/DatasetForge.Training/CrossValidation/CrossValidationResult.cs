namespace DatasetForge.Training.CrossValidation;

/// <summary>
/// A k-fold cross-validation of one model on one version: the folds' results and the mean and sample standard
/// deviation (n - 1) of their metric.
/// </summary>
public sealed record CrossValidationResult
{
    public required string VersionId { get; init; }

    public required string Model { get; init; }

    /// <summary><c>folds.csv</c> when the export wrote the folds, <c>assigned</c> when the trainer drew them.</summary>
    public required string FoldSource { get; init; }

    /// <summary><c>accuracy</c> for classification, <c>mae</c> for regression.</summary>
    public required string MetricName { get; init; }

    public required IReadOnlyList<FoldResult> Folds { get; init; }

    public required double Mean { get; init; }

    public required double StandardDeviation { get; init; }

    /// <summary>The folder holding the folds' run folders and <c>cross-validation.json</c>.</summary>
    public required string Folder { get; init; }
}
