namespace DatasetForge.Reporting.Model;

/// <summary>
/// The distribution of a number label over <paramref name="Basis"/> (exported items, or kept persons before any
/// export): count, range, mean, median and a histogram of equal-width bins.
/// </summary>
public sealed record NumberDistribution(
    string Basis, int Count, double Min, double Max, double Mean, double Median, IReadOnlyList<HistogramBin> Bins);

/// <summary>One histogram bar: values in [<paramref name="Low"/>, <paramref name="High"/>), the last bar closed.</summary>
public sealed record HistogramBin(double Low, double High, int Count);
