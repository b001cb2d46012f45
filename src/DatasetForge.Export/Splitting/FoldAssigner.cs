using System.Security.Cryptography;
using System.Text;

namespace DatasetForge.Export.Splitting;

/// <summary>
/// Places items in k cross-validation folds: grouped (a group is in one fold), stratified by label, deterministic for
/// a seed, and stable (an item keeps the fold it had in the parent version when the parent had the same k).
/// </summary>
/// <remarks>
/// Same rule as <see cref="SplitAssigner"/>, with k equal shares instead of ratios: inherited groups keep their fold;
/// each label's target per fold is its item count divided by k (largest remainder, ties to the lower fold); new groups,
/// per label, largest first, then by sha256 of "seed:fold:first item id", go to the fold with the largest shortfall.
/// </remarks>
public static class FoldAssigner
{
    /// <summary>The fewest folds allowed.</summary>
    public const int MinFolds = 2;

    /// <summary>The most folds allowed.</summary>
    public const int MaxFolds = 20;

    /// <summary>Assigns a fold (0 to <paramref name="folds"/> − 1) to every candidate; the result is keyed by item id.</summary>
    public static IReadOnlyDictionary<string, int> Assign(IReadOnlyCollection<FoldCandidate> candidates, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, MinFolds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(folds, MaxFolds);
        var result = new Dictionary<string, int>(candidates.Count, StringComparer.Ordinal);
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (!counts.ContainsKey(candidate.Label))
            {
                counts[candidate.Label] = new int[folds];
                totals[candidate.Label] = 0;
            }

            totals[candidate.Label]++;
        }

        var fresh = new List<(List<FoldCandidate> Members, string Label, string Key)>();
        foreach (var group in candidates.GroupBy(c => c.Group))
        {
            var members = group.OrderBy(c => c.ItemId, StringComparer.Ordinal).ToList();
            var inherited = members.Where(m => m.PreviousFold is { } f && f >= 0 && f < folds).Select(m => m.PreviousFold!.Value).ToList();
            if (inherited.Count > 0)
            {
                // Members of a merged group that sat in different folds meet in the lowest one; any choice keeps them together.
                Place(members, inherited.Min(), result, counts);
                continue;
            }

            fresh.Add((members, GroupLabel.Majority(members, m => m.Label), OrderKey(seed, members[0].ItemId)));
        }

        var targets = totals.ToDictionary(p => p.Key, p => Targets(p.Value, folds), StringComparer.Ordinal);
        foreach (var (members, label, _) in fresh
            .OrderBy(g => g.Label, StringComparer.Ordinal)
            .ThenByDescending(g => g.Members.Count)
            .ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var best = 0;
            for (var fold = 1; fold < folds; fold++)
            {
                if (targets[label][fold] - counts[label][fold] > targets[label][best] - counts[label][best])
                {
                    best = fold;
                }
            }

            Place(members, best, result, counts);
        }

        return result;
    }

    private static int[] Targets(int count, int folds)
    {
        var targets = Enumerable.Repeat(count / folds, folds).ToArray();
        for (var i = 0; i < count % folds; i++)
        {
            targets[i]++;
        }

        return targets;
    }

    private static void Place(List<FoldCandidate> members, int fold, Dictionary<string, int> result, Dictionary<string, int[]> counts)
    {
        foreach (var member in members)
        {
            result[member.ItemId] = fold;
            counts[member.Label][fold]++;
        }
    }


    private static string OrderKey(int seed, string itemId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}:fold:{itemId}"))));
}
