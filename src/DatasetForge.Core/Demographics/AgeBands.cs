using System.Globalization;

namespace DatasetForge.Core.Demographics;

/// <summary>
/// Estimated ages put into bands (the report's <c>ReportOptions.AgeBandEdges</c>, the datasheet's defaults): only bands
/// are ever shown, never an age.
/// </summary>
public sealed class AgeBands
{
    private readonly IReadOnlyList<int> _edges;

    /// <summary>The default edges: under 20, 20-29, 30-39, 40-49, 50-59, 60 and over.</summary>
    public static IReadOnlyList<int> DefaultEdges { get; } = [20, 30, 40, 50, 60];

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
