using System.Security.Cryptography;
using System.Text;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;

namespace DatasetForge.Export.Splitting;

/// <summary>
/// Places items in train/validation/test: stratified by label, grouped (a group never straddles two splits),
/// deterministic for a seed, and stable (an item keeps the split it had in the parent version).
/// </summary>
/// <remarks>
/// The rule:
/// <list type="number">
/// <item>A group with a member that was in the parent version keeps that split. If its members were in different
/// splits (groups merged since), the most held-out one wins (test, then validation, then train), so nothing that was
/// ever evaluated on moves into training.</item>
/// <item>Each label's target counts come from <see cref="SplitTargets.For"/> over all its items, old and new.</item>
/// <item>New groups take the label of most of their members. Per label they are ordered by size (largest first), then
/// by sha256 of "seed:first item id", and each goes to the split with the largest shortfall against its target
/// (ties: train, validation, test). Splits with a zero ratio receive nothing.</item>
/// </list>
/// With groups of one item and no parent, every label's counts equal its targets: within one item of the ratios.
/// </remarks>
public static class SplitAssigner
{
    /// <summary>Assigns a split to every candidate; the result is keyed by item id.</summary>
    public static IReadOnlyDictionary<string, Split> Assign(IReadOnlyCollection<SplitCandidate> candidates, SplitRatios ratios, int seed)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(ratios);
        var invalid = ratios.Validate();
        if (invalid is not null)
        {
            throw new ArgumentException(invalid, nameof(ratios));
        }

        // A set, not a GroupBy: at a million candidates the groups cost more than the whole assignment. The item named
        // is the first in the list that occurs again, as before.
        var seen = new HashSet<string>(candidates.Count, StringComparer.Ordinal);
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (!seen.Add(candidate.ItemId))
            {
                repeated.Add(candidate.ItemId);
            }
        }

        if (repeated.Count > 0)
        {
            throw new ArgumentException($"Item '{candidates.First(c => repeated.Contains(c.ItemId)).ItemId}' is listed more than once.", nameof(candidates));
        }

        var result = new Dictionary<string, Split>(StringComparer.Ordinal);
        var counts = new Dictionary<string, Dictionary<Split, int>>(StringComparer.Ordinal);
        foreach (var label in candidates.Select(c => c.Label).Distinct(StringComparer.Ordinal))
        {
            counts[label] = SplitTargets.All.ToDictionary(s => s, _ => 0);
        }

        var groups = candidates
            .GroupBy(c => c.Group)
            .Select(g => g.OrderBy(c => c.ItemId, StringComparer.Ordinal).ToList())
            .ToList();
        var fresh = new List<List<SplitCandidate>>();
        foreach (var members in groups)
        {
            var inherited = members.Where(m => m.PreviousSplit is not null).Select(m => m.PreviousSplit!.Value).ToList();
            if (inherited.Count == 0)
            {
                fresh.Add(members);
                continue;
            }

            Place(members, inherited.Max(), result, counts);
        }

        var targets = candidates
            .GroupBy(c => c.Label, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => SplitTargets.For(g.Count(), ratios), StringComparer.Ordinal);
        var open = SplitTargets.All.Where(s => SplitTargets.RatioOf(ratios, s) > 0).ToList();
        var ordered = fresh
            .Select(members => (Members: members, Label: GroupLabel.Majority(members, m => m.Label), Key: OrderKey(seed, members[0].ItemId)))
            .OrderBy(g => g.Label, StringComparer.Ordinal)
            .ThenByDescending(g => g.Members.Count)
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        foreach (var (members, label, _) in ordered)
        {
            Place(members, MostShort(open, targets[label], counts[label]), result, counts);
        }

        return result;
    }

    /// <summary>The open split with the largest shortfall against its target; ties go to the earlier split (train, validation, test).</summary>
    private static Split MostShort(List<Split> open, IReadOnlyDictionary<Split, int> targets, Dictionary<Split, int> counts)
    {
        var best = open[0];
        var bestShortfall = targets[best] - counts[best];
        for (var i = 1; i < open.Count; i++)
        {
            var split = open[i];
            var shortfall = targets[split] - counts[split];
            if (shortfall > bestShortfall || (shortfall == bestShortfall && split < best))
            {
                (best, bestShortfall) = (split, shortfall);
            }
        }

        return best;
    }

    private static void Place(
        List<SplitCandidate> members, Split split, Dictionary<string, Split> result, Dictionary<string, Dictionary<Split, int>> counts)
    {
        foreach (var member in members)
        {
            result[member.ItemId] = split;
            counts[member.Label][split]++;
        }
    }


    private static string OrderKey(int seed, string itemId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}:{itemId}"))));
}
