using System.Globalization;
using DatasetForge.Reporting.Model;

namespace DatasetForge.Reporting.Building;

/// <summary>The rules that raise flags on the funnel and the contingency tables; thresholds come from <see cref="ReportOptions"/>.</summary>
internal static class AuditRules
{
    private static readonly (string Name, Func<FunnelCounts, int> From, Func<FunnelCounts, int> To)[] Steps =
    [
        ("download (listed → with photo)", f => f.Listed, f => f.WithPhoto),
        ("face detection (with photo → with face)", f => f.WithPhoto, f => f.WithFace),
        ("filters and dedup (with face → kept)", f => f.WithFace, f => f.Kept),
        ("export (kept → exported)", f => f.Kept, f => f.Exported),
    ];

    private static readonly (string Name, Func<EstimateFunnel, int> From, Func<EstimateFunnel, int> To)[] EstimateSteps =
    [
        ("quality rules (estimated → passed quality rules)", f => f.Estimated, f => f.PassedQuality),
        ("role rules (passed quality → passed role rules)", f => f.PassedQuality, f => f.PassedRole),
        ("other rules: duplicates, label, review (passed role → kept)", f => f.PassedRole, f => f.Kept),
        ("export (kept → exported)", f => f.Kept, f => f.Exported),
    ];

    /// <summary>Flags a step that drops one group (source or label) much more than the other groups together.</summary>
    public static IEnumerable<AuditFlag> StageDrops(string facet, IReadOnlyList<FunnelBreakdown> groups, bool exported, ReportOptions options) =>
        Drops(facet, [.. groups.Select(g => (g.Key, g.Counts))], Steps, exported, string.Empty, options);

    /// <summary>
    /// Flags a step after the estimate (quality rules, role rules, the other rules, export) that drops one estimated
    /// group (a gender or an age band) much more than the other groups of the same estimate together.
    /// </summary>
    public static IEnumerable<AuditFlag> EstimateStageDrops(IReadOnlyList<EstimateFunnel> funnel, bool exported, ReportOptions options) =>
        funnel.GroupBy(f => f.Estimate, StringComparer.Ordinal).SelectMany(estimate => Drops(
            estimate.Key,
            [.. estimate.Select(f => (f.Group, f))],
            EstimateSteps,
            exported,
            " (groups are estimates, not facts)",
            options));

    private static IEnumerable<AuditFlag> Drops<T>(
        string facet,
        IReadOnlyList<(string Key, T Counts)> groups,
        (string Name, Func<T, int> From, Func<T, int> To)[] steps,
        bool exported,
        string note,
        ReportOptions options)
    {
        if (groups.Count < 2)
        {
            yield break;
        }

        // A group too small to judge is said to be so once, instead of being skipped without a word.
        var first = steps[0].From;
        foreach (var (key, counts) in groups.Where(g => first(g.Counts) > 0 && first(g.Counts) < options.MinGroupSize))
        {
            yield return new AuditFlag(
                FlagKinds.TooSmall,
                facet,
                key,
                string.Create(CultureInfo.InvariantCulture, $"{facet} '{key}': {first(counts)} at the first step, too few to judge its drops (fewer than {options.MinGroupSize}){note}."),
                first(counts));
        }

        foreach (var (name, from, to) in steps)
        {
            if (!exported && name.StartsWith("export", StringComparison.Ordinal))
            {
                continue;
            }

            var totalIn = groups.Sum(g => from(g.Counts));
            var totalOut = groups.Sum(g => to(g.Counts));
            foreach (var (key, counts) in groups)
            {
                var inGroup = from(counts);
                var restIn = totalIn - inGroup;
                if (inGroup < options.MinGroupSize || restIn < options.MinGroupSize)
                {
                    continue;
                }

                var drop = 1 - ((double)to(counts) / inGroup);
                var restDrop = 1 - ((double)(totalOut - to(counts)) / restIn);
                if (drop - restDrop >= options.StageDropMinDifference && drop >= options.StageDropRatio * restDrop)
                {
                    yield return new AuditFlag(
                        FlagKinds.StageDrop,
                        facet,
                        key,
                        string.Create(CultureInfo.InvariantCulture, $"{name} drops {drop:0.#%} of {facet} '{key}' against {restDrop:0.#%} of the rest ({inGroup - to(counts)} of {inGroup}){note}."),
                        drop - restDrop);
                }
            }
        }
    }

    /// <summary>
    /// Flags each class with fewer than <see cref="ReportOptions.MinSplitItems"/> items in the validation or test split:
    /// its recall, precision and F1 there rest on a handful of items (or, at 0, are not defined).
    /// </summary>
    public static IEnumerable<AuditFlag> SmallSplits(LabelBalance balance, ReportOptions options)
    {
        foreach (var split in balance.Splits.Where(s => s.Split is "validation" or "test"))
        {
            foreach (var label in balance.Classes)
            {
                var count = split.Counts.GetValueOrDefault(label);
                if (count < options.MinSplitItems)
                {
                    yield return new AuditFlag(
                        FlagKinds.SmallSplit,
                        split.Split,
                        label,
                        string.Create(CultureInfo.InvariantCulture, $"label '{label}' has {count} {split.Split} item(s), fewer than {options.MinSplitItems}: its {split.Split} metrics {(count == 0 ? "are not defined and are left out of macro averages" : "rest on too few items to mean much")}; export more items or give {split.Split} a larger share."),
                        count);
                }
            }
        }
    }

    /// <summary>
    /// Flags labels largely predictable from the column facet (most of their items come from column values where the
    /// label dominates), and a table whose Cramér's V crosses the threshold when no single label did.
    /// </summary>
    public static IEnumerable<AuditFlag> Shortcuts(Contingency table, ReportOptions options)
    {
        if (table.Rows.Count < 2 || table.Columns.Count < 2)
        {
            yield break;
        }

        var columnTotals = Enumerable.Range(0, table.Columns.Count).Select(j => table.Cells.Sum(r => r[j])).ToArray();
        var flagged = false;
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Cells[i];
            var total = row.Sum();
            if (total < options.MinGroupSize)
            {
                continue;
            }

            var pure = Enumerable.Range(0, row.Count).Where(j => row[j] > 0 && row[j] >= options.SourcePurity * columnTotals[j]).ToList();
            var share = pure.Sum(j => row[j]) / (double)total;
            if (share >= options.PredictableShare)
            {
                flagged = true;
                var top = pure.OrderByDescending(j => row[j]).First();
                var consequence = IsEstimate(table.ColumnFacet)
                    ? $"the {table.ColumnFacet} predicts the label, so a model can learn the look of that group instead of the label and fail on everyone else (counts of estimates, not facts)"
                    : $"the {table.ColumnFacet} predicts the label, so a model can learn it instead of the face";
                yield return new AuditFlag(
                    FlagKinds.ShortcutRisk,
                    table.ColumnFacet,
                    table.Rows[i],
                    string.Create(CultureInfo.InvariantCulture, $"label '{table.Rows[i]}': {share:0.#%} of its items come from {table.ColumnFacet} values that give (almost) only this label ({string.Join(", ", pure.Select(j => $"'{table.Columns[j]}'"))}); {consequence} (Cramér's V {table.CramersV ?? 0:0.###})."),
                    share)
                {
                    CellLabel = table.Rows[i],
                    CellValue = table.Columns[top],
                };
            }
        }

        if (!flagged && table.CramersV is { } v && v >= options.ShortcutCramersV)
        {
            yield return new AuditFlag(
                FlagKinds.ShortcutRisk,
                table.ColumnFacet,
                $"label x {table.ColumnFacet}",
                string.Create(CultureInfo.InvariantCulture, $"label and {table.ColumnFacet} are strongly associated (Cramér's V {v:0.###} ≥ {options.ShortcutCramersV:0.##}): the {table.ColumnFacet} carries information about the label{(IsEstimate(table.ColumnFacet) ? " (counts of estimates, not facts)" : string.Empty)}."),
                v);
        }
    }

    /// <summary>
    /// Flags a facet x facet table (source x estimated gender) whose Cramér's V crosses the shortcut threshold: whatever
    /// follows the row facet (a label drawn by source, a result per source) also follows the column facet.
    /// </summary>
    public static IEnumerable<AuditFlag> Associations(Contingency table, ReportOptions options)
    {
        if (table.CramersV is { } v && v >= options.ShortcutCramersV && table.Cells.Sum(r => r.Sum()) >= options.MinGroupSize)
        {
            yield return new AuditFlag(
                FlagKinds.ShortcutRisk,
                table.ColumnFacet,
                $"{table.RowFacet} x {table.ColumnFacet}",
                string.Create(CultureInfo.InvariantCulture, $"{table.RowFacet} and {table.ColumnFacet} are strongly associated (Cramér's V {v:0.###} ≥ {options.ShortcutCramersV:0.##}): a label that follows the {table.RowFacet} also follows the {table.ColumnFacet}, and a result per {table.RowFacet} is also one per {table.ColumnFacet}{(IsEstimate(table.ColumnFacet) ? " (counts of estimates, not facts)" : string.Empty)}."),
                v);
        }
    }

    /// <summary>Whether a facet holds a model's estimates (estimated gender, estimated age band) rather than recorded values.</summary>
    private static bool IsEstimate(string facet) => facet.StartsWith("estimated ", StringComparison.Ordinal);
}
