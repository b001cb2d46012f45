using DatasetForge.Core.Workspace;

namespace DatasetForge.Training.CrossValidation;

/// <summary>
/// Assigns cross-validation folds when a version has no <c>folds.csv</c>: grouped (a duplicate group or person never
/// straddles two folds) and stratified (each label spread evenly), deterministic for a seed.
/// </summary>
public static class FoldAssignment
{
    /// <summary>
    /// The fold (0 to <paramref name="folds"/> - 1) of each item id. Groups are dealt label by label, in an order drawn
    /// from the seed, each to the fold that holds the fewest items of that label so far (then the fewest items, then the
    /// lowest fold number).
    /// </summary>
    public static IReadOnlyDictionary<string, int> Assign(
        IReadOnlyList<(string Id, string Label, int Group)> items, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var groups = items.GroupBy(i => i.Group)
            .Select(g => (Group: g.Key, Ids: g.Select(i => i.Id).ToList(),
                Label: g.GroupBy(i => i.Label, StringComparer.Ordinal).OrderByDescending(l => l.Count()).ThenBy(l => l.Key, StringComparer.Ordinal).First().Key))
            .ToList();
        var perLabel = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var totals = new int[folds];
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        // Larger groups first so they do not unbalance the folds at the end; within a size the seeded hash decides.
        foreach (var group in groups
            .OrderBy(g => g.Label, StringComparer.Ordinal)
            .ThenByDescending(g => g.Ids.Count)
            .ThenBy(g => ContentHash.OfText($"{seed}:{g.Group}"), StringComparer.Ordinal))
        {
            if (!perLabel.TryGetValue(group.Label, out var counts))
            {
                perLabel[group.Label] = counts = new int[folds];
            }

            var fold = 0;
            for (var f = 1; f < folds; f++)
            {
                if (counts[f] < counts[fold] || (counts[f] == counts[fold] && totals[f] < totals[fold]))
                {
                    fold = f;
                }
            }

            counts[fold] += group.Ids.Count;
            totals[fold] += group.Ids.Count;
            foreach (var id in group.Ids)
            {
                result[id] = fold;
            }
        }

        return result;
    }
}
