namespace DatasetForge.Reporting.Model;

/// <summary>
/// Counts per label in one split (or "all"), the imbalance ratio (largest / smallest class; null when a class is
/// empty) and the normalised entropy (1 = perfectly balanced; null with fewer than two classes).
/// </summary>
public sealed record SplitBalance(
    string Split, IReadOnlyDictionary<string, int> Counts, int Total, double? ImbalanceRatio, double? NormalisedEntropy);
