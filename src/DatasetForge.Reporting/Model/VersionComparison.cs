namespace DatasetForge.Reporting.Model;

/// <summary>The newest version against its parent: items per label in each, and items added and removed.</summary>
public sealed record VersionComparison(
    string ParentId,
    IReadOnlyDictionary<string, int> ParentCounts,
    IReadOnlyDictionary<string, int> Counts,
    int Added,
    int Removed);
