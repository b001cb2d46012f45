namespace DatasetForge.Reporting.Model;

/// <summary>Sample crops of one label; files are relative to the dataset folder.</summary>
public sealed record ContactSheet(string Label, IReadOnlyList<string> Files);
