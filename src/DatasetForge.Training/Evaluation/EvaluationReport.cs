using DatasetForge.Core.Evaluation;

namespace DatasetForge.Training.Evaluation;

/// <summary>
/// <c>evaluation.json</c>: everything the evaluate stage measured on one split: the classification metrics (or the
/// regression metrics), the reject-threshold curve, and the same metrics for every value of every facet.
/// </summary>
public sealed record EvaluationReport
{
    public required string RunId { get; init; }

    public required string VersionId { get; init; }

    public required string Split { get; init; }

    /// <summary>classification or regression.</summary>
    public required string Task { get; init; }

    public required int Count { get; init; }

    /// <summary>Classification only.</summary>
    public ClassificationMetrics? Classification { get; init; }

    /// <summary>Regression only.</summary>
    public RegressionMetrics? Regression { get; init; }

    /// <summary>Classification only: precision and coverage when predictions below a probability are rejected.</summary>
    public IReadOnlyList<ThresholdPoint> RejectCurve { get; init; } = [];

    /// <summary>Facet name, then facet value, then the metrics of the items with that value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, FacetMetrics>> PerFacet { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, FacetMetrics>>();
}
