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

    /// <summary>Flags a step that drops one group (source or label) much more than the other groups together.</summary>
    public static IEnumerable<AuditFlag> StageDrops(string facet, IReadOnlyList<FunnelBreakdown> groups, bool exported, ReportOptions options)
    {
        if (groups.Count < 2)
        {
            yield break;
        }

        foreach (var (name, from, to) in Steps)
        {
            if (!exported && name.StartsWith("export", StringComparison.Ordinal))
            {
                continue;
            }

            var totalIn = groups.Sum(g => from(g.Counts));
            var totalOut = groups.Sum(g => to(g.Counts));
            foreach (var group in groups)
            {
                var inGroup = from(group.Counts);
                var restIn = totalIn - inGroup;
                if (inGroup < options.MinGroupSize || restIn < options.MinGroupSize)
                {
                    continue;
                }

                var drop = 1 - ((double)to(group.Counts) / inGroup);
                var restDrop = 1 - ((double)(totalOut - to(group.Counts)) / restIn);
                if (drop - restDrop >= options.StageDropMinDifference && drop >= options.StageDropRatio * restDrop)
                {
                    yield return new AuditFlag(
                        FlagKinds.StageDrop,
                        facet,
                        group.Key,
                        string.Create(CultureInfo.InvariantCulture, $"{name} drops {drop:0.#%} of {facet} '{group.Key}' against {restDrop:0.#%} of the rest ({inGroup - to(group.Counts)} of {inGroup})."),
                        drop - restDrop);
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
                yield return new AuditFlag(
                    FlagKinds.ShortcutRisk,
                    table.ColumnFacet,
                    table.Rows[i],
                    string.Create(CultureInfo.InvariantCulture, $"label '{table.Rows[i]}': {share:0.#%} of its items come from {table.ColumnFacet} values that give (almost) only this label ({string.Join(", ", pure.Select(j => $"'{table.Columns[j]}'"))}); the {table.ColumnFacet} predicts the label, so a model can learn it instead of the face (Cramér's V {table.CramersV ?? 0:0.###})."),
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
                string.Create(CultureInfo.InvariantCulture, $"label and {table.ColumnFacet} are strongly associated (Cramér's V {v:0.###} ≥ {options.ShortcutCramersV:0.##}): the {table.ColumnFacet} carries information about the label."),
                v);
        }
    }
}
