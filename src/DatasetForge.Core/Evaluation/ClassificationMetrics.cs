namespace DatasetForge.Core.Evaluation;

/// <summary>
/// The evaluation of a classifier on one split: written by the evaluate stage as <c>runs/&lt;id&gt;/metrics.json</c>
/// and read by the report.
/// </summary>
public sealed record ClassificationMetrics
{
    public required string RunId { get; init; }

    public required string VersionId { get; init; }

    /// <summary>The split evaluated (test).</summary>
    public required string Split { get; init; }

    public required int Count { get; init; }

    public required double Accuracy { get; init; }

    /// <summary>The mean F1 of the classes the split holds; classes absent from it (see <see cref="AbsentClasses"/>) are left out.</summary>
    public required double MacroF1 { get; init; }

    /// <summary>Classes with no item in the split: their recall and F1 are undefined and left out of <see cref="MacroF1"/>.</summary>
    public IReadOnlyList<string> AbsentClasses { get; init; } = [];

    /// <summary>Class names, in the order of the confusion matrix rows and columns.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    public required IReadOnlyList<ClassMetrics> PerClass { get; init; }

    /// <summary>Rows are true classes, columns predicted classes.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; init; }
}

/// <summary>
/// Precision, recall and F1 of one class; support is the number of true items. <paramref name="PrecisionDefined"/> is
/// false when the model never predicted the class (precision 0/0, shown as "—", stored as 0).
/// </summary>
public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support, bool PrecisionDefined = true);
