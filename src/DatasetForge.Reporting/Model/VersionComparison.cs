namespace DatasetForge.Reporting.Model;

/// <summary>
/// The newest version against its parent: items per label in each, items added and removed, items that changed split
/// (a leak: should always be 0) or label, and the label balance of the parent for a before/after view.
/// </summary>
public sealed record VersionComparison(
    string ParentId,
    IReadOnlyDictionary<string, int> ParentCounts,
    IReadOnlyDictionary<string, int> Counts,
    int Added,
    int Removed)
{
    public int MovedSplit { get; init; }

    public int Relabelled { get; init; }

    public IReadOnlyList<string> MovedExamples { get; init; } = [];

    public IReadOnlyList<string> RelabelledExamples { get; init; } = [];

    public LabelBalance? ParentBalance { get; init; }
}
