using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;

namespace DatasetForge.Export.Splitting;

/// <summary>Target item counts per split for one label, by the largest-remainder method.</summary>
public static class SplitTargets
{
    private const double Tolerance = 1e-9;

    /// <summary>The splits in chain order: train, validation, test.</summary>
    public static IReadOnlyList<Split> All { get; } = [Split.Train, Split.Validation, Split.Test];

    /// <summary>The ratio of one split.</summary>
    public static double RatioOf(SplitRatios ratios, Split split)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        return split switch
        {
            Split.Train => ratios.Train,
            Split.Validation => ratios.Validation,
            Split.Test => ratios.Test,
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown split."),
        };
    }

    /// <summary>
    /// Splits <paramref name="count"/> items by <paramref name="ratios"/>: each split first gets the whole part of
    /// count × ratio; the items left over go one each to the splits with the largest fractional parts. Ties go to the
    /// split that has fewer items so far (so five items become 3/1/1 rather than 4/1/0), then in train, validation,
    /// test order. Every target is within one item of count × ratio, and the targets add up to <paramref name="count"/>.
    /// </summary>
    public static IReadOnlyDictionary<Split, int> For(int count, SplitRatios ratios)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(ratios);
        var exact = All.ToDictionary(s => s, s => count * RatioOf(ratios, s));
        var targets = exact.ToDictionary(p => p.Key, p => (int)Math.Floor(p.Value + Tolerance));
        var left = count - targets.Values.Sum();
        var byRemainder = All
            .Where(s => RatioOf(ratios, s) > 0)
            .Select(s => (Split: s, Remainder: exact[s] - targets[s]))
            .ToList();
        byRemainder.Sort((a, b) =>
        {
            if (Math.Abs(a.Remainder - b.Remainder) > Tolerance)
            {
                return b.Remainder.CompareTo(a.Remainder);
            }

            var byFloor = targets[a.Split].CompareTo(targets[b.Split]);
            return byFloor != 0 ? byFloor : a.Split.CompareTo(b.Split);
        });
        for (var i = 0; left > 0 && byRemainder.Count > 0; i++, left--)
        {
            targets[byRemainder[i % byRemainder.Count].Split]++;
        }

        // Rounding can only overshoot when the ratios add up to slightly more than 1; take the excess from the largest split.
        while (left < 0)
        {
            var largest = All.OrderByDescending(s => targets[s]).First();
            targets[largest]--;
            left++;
        }

        return targets;
    }
}
