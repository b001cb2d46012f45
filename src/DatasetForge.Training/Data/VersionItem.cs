namespace DatasetForge.Training.Data;

/// <summary>
/// One verified item of a version: its id, label, class index, split name, absolute image path and sha256; for a
/// numeric label its <paramref name="Value"/>, and the item's facets (source, university, …) when the export wrote them.
/// </summary>
public sealed record VersionItem(
    string Id,
    string Label,
    int ClassIndex,
    string Split,
    string FilePath,
    string Sha256,
    double Value = double.NaN,
    IReadOnlyDictionary<string, string>? Facets = null);
