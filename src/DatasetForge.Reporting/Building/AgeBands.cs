using System.Globalization;

namespace DatasetForge.Reporting.Building;

/// <summary>Estimated ages put into bands by <see cref="ReportOptions.AgeBandEdges"/>: only bands are ever shown, never an age.</summary>
internal sealed class AgeBands
{
    private readonly IReadOnlyList<int> _edges;

    public AgeBands(IReadOnlyList<int> edges)
    {
        _edges = edges;
        var names = new List<string>(edges.Count + 1) { Invariant($"under {edges[0]}") };
        for (var i = 1; i < edges.Count; i++)
        {
            names.Add(Invariant($"{edges[i - 1]}-{edges[i] - 1}"));
        }

        names.Add(Invariant($"{edges[^1]} and over"));
        Names = names;
    }

    /// <summary>The bands, youngest first.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The band of an age in years: 29.9 is in 20-29, 30 in 30-39.</summary>
    public string Of(float age)
    {
        for (var i = 0; i < _edges.Count; i++)
        {
            if (age < _edges[i])
            {
                return Names[i];
            }
        }

        return Names[^1];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
