namespace DatasetForge.Reporting.Model;

/// <summary>Counts per estimated value within one group (all, a label, a split or a source).</summary>
public sealed record EstimateRow(string Key, IReadOnlyDictionary<string, int> Counts, int Total);
