namespace DatasetForge.Reporting.Model;

/// <summary>
/// Items per value of one facet (source, university, role category, gender, …) in the version, overall and per split,
/// with the imbalance ratio and normalised entropy of each.
/// </summary>
public sealed record FacetBalance(string Facet, IReadOnlyList<string> Values, SplitBalance Overall, IReadOnlyList<SplitBalance> Splits);
