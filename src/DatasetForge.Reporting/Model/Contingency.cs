namespace DatasetForge.Reporting.Model;

/// <summary>
/// A contingency table (rows x columns of counts) with Pearson's chi-square and Cramér's V (0 = independent,
/// 1 = the column determines the row); both null when the table has fewer than two rows or columns.
/// <paramref name="Basis"/> says what was counted (exported items, or kept persons before any export).
/// </summary>
public sealed record Contingency(
    string RowFacet,
    string ColumnFacet,
    string Basis,
    IReadOnlyList<string> Rows,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<int>> Cells,
    double? ChiSquare,
    int DegreesOfFreedom,
    double? CramersV);
