namespace DatasetForge.Export.Versions;

/// <summary>
/// How version <see cref="To"/> differs from <see cref="From"/>: items added and removed, items that changed split
/// (should be none: a split is kept for life) or label, and items per label and split in each.
/// Example ids are opaque item ids, a few per kind.
/// </summary>
public sealed record VersionDifference(
    string From,
    string To,
    int Added,
    int Removed,
    int MovedSplit,
    int Relabelled,
    IReadOnlyList<string> MovedExamples,
    IReadOnlyList<string> RelabelledExamples,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> CountsFrom,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> CountsTo);
