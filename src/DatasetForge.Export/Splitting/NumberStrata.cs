using System.Globalization;

namespace DatasetForge.Export.Splitting;

/// <summary>
/// The strata a number label is split by: its values cut into quantile bins, so train, validation and test (and every
/// fold) each span the whole range of ages, say, rather than each distinct age being a class of its own.
/// </summary>
public static class NumberStrata
{
    /// <summary>
    /// A bin name for every distinct label in <paramref name="labels"/> (invariant-culture numbers), from at most
    /// <paramref name="bins"/> bins of about equal counts; equal values always share a bin. A label that is not a number
    /// is its own stratum.
    /// </summary>
    public static IReadOnlyDictionary<string, string> For(IReadOnlyCollection<string> labels, int bins)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var numbers = labels
            .Select(l => (Label: l, Ok: double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v), Value: v))
            .ToList();
        var values = numbers.Where(n => n.Ok).Select(n => n.Value).Order().ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in numbers.Where(n => !n.Ok).Select(n => n.Label))
        {
            result[label] = label;
        }

        if (values.Count == 0)
        {
            return result;
        }

        // Upper edges at the k/bins quantiles (exclusive), distinct: a value belongs to the first bin whose edge exceeds it.
        var edges = Enumerable.Range(1, bins - 1)
            .Select(k => values[Math.Min(values.Count - 1, (int)Math.Floor(k * values.Count / (double)bins))])
            .Distinct()
            .Where(e => e > values[0])
            .ToList();
        var lows = new List<double> { values[0] };
        lows.AddRange(edges);
        var highs = new List<double>(edges) { values[^1] };
        foreach (var (label, ok, value) in numbers.Where(n => n.Ok))
        {
            var bin = edges.TakeWhile(e => value >= e).Count();
            var last = bin == highs.Count - 1;
            result[label] = string.Create(CultureInfo.InvariantCulture, $"{lows[bin]:0.###}–{highs[bin]:0.###}{(last ? "" : " (excl.)")}");
        }

        return result;
    }
}
