namespace DatasetForge.Reporting.Model;

/// <summary>
/// Counts per value of one estimate (estimated gender or estimated age band, plus "(no estimate)"), overall, per
/// label, per split of the newest version and per source.
/// </summary>
public sealed record EstimateBalance(
    string Estimate,
    IReadOnlyList<string> Values,
    EstimateRow Overall,
    IReadOnlyList<EstimateRow> ByLabel,
    IReadOnlyList<EstimateRow> BySplit,
    IReadOnlyList<EstimateRow> BySource);
