using DatasetForge.Catalogue.Entities;

namespace DatasetForge.Export.Versions;

/// <summary>Compares two versions item by item (by opaque item id), for <c>forge versions diff</c> and the report.</summary>
public static class VersionComparer
{
    /// <summary>Example ids shown per kind of change.</summary>
    public const int Examples = 10;

    /// <summary>The label key of the per-split totals in <see cref="VersionDifference.CountsFrom"/>.</summary>
    public const string AllSplits = "all";

    /// <summary>Compares the items of <paramref name="from"/> with those of <paramref name="to"/>.</summary>
    public static VersionDifference Compare(
        string from, IReadOnlyCollection<VersionItemRecord> fromItems, string to, IReadOnlyCollection<VersionItemRecord> toItems)
    {
        ArgumentNullException.ThrowIfNull(fromItems);
        ArgumentNullException.ThrowIfNull(toItems);
        var before = new Dictionary<string, VersionItemRecord>(fromItems.Count, StringComparer.Ordinal);
        foreach (var item in fromItems)
        {
            before[item.ItemId] = item;
        }

        var added = 0;
        var moved = new List<string>();
        var relabelled = new List<string>();
        var movedCount = 0;
        var relabelledCount = 0;
        var common = 0;
        foreach (var item in toItems)
        {
            if (!before.TryGetValue(item.ItemId, out var old))
            {
                added++;
                continue;
            }

            common++;
            if (!string.Equals(old.Split, item.Split, StringComparison.OrdinalIgnoreCase) && ++movedCount <= Examples)
            {
                moved.Add($"{item.ItemId} ({old.Split.ToLowerInvariant()} → {item.Split.ToLowerInvariant()})");
            }

            if (!string.Equals(old.Label, item.Label, StringComparison.Ordinal) && ++relabelledCount <= Examples)
            {
                relabelled.Add($"{item.ItemId} ({old.Label} → {item.Label})");
            }
        }

        return new VersionDifference(
            from, to, added, fromItems.Count - common, movedCount, relabelledCount, moved, relabelled, Counts(fromItems), Counts(toItems));
    }

    /// <summary>Items per split (lower case, plus <see cref="AllSplits"/>), then per label.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts(IEnumerable<VersionItemRecord> items)
    {
        var result = new SortedDictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            foreach (var split in new[] { AllSplits, item.Split.ToLowerInvariant() })
            {
                if (!result.TryGetValue(split, out var labels))
                {
                    result[split] = labels = new SortedDictionary<string, int>(StringComparer.Ordinal);
                }

                labels[item.Label] = labels.GetValueOrDefault(item.Label) + 1;
            }
        }

        return result.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal);
    }
}
