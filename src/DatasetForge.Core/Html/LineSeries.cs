namespace DatasetForge.Core.Html;

/// <summary>One line of <see cref="SvgCharts.Lines"/>: its legend name, its points, and whether it is drawn dashed.</summary>
public sealed record LineSeries(string Name, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);
