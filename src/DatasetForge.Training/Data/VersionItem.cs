namespace DatasetForge.Training.Data;

/// <summary>One verified item of a version: its id, label, class index, split name and absolute image path.</summary>
public sealed record VersionItem(string Id, string Label, int ClassIndex, string Split, string FilePath, string Sha256);
