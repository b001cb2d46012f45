using System.Text;
using DatasetForge.Core.Html;
using DatasetForge.Reporting.Model;

namespace DatasetForge.Reporting.Html;

/// <summary>The demographic section: counts per estimated gender and age band, each table marked as estimates.</summary>
internal static partial class ReportHtml
{
    private static readonly string[] EstimateSteps = ["with an estimate", "passed quality rules", "passed role rules", "kept", "exported"];

    private static void Demographics(StringBuilder html, DatasetReport report)
    {
        if (report.Demographics is not { } demographics)
        {
            return;
        }

        html.Append("<h2 id=\"demographics\">Demographic balance (estimated)</h2>\n");
        var models = demographics.Models.Count == 0 ? "no model (nothing was estimated)" : string.Join("; ", demographics.Models);
        html.Append($"<p class=\"estimate\"><strong>Estimates, not facts.</strong> Made by {E(models)}. {E(demographics.Limits)} Only counts are shown: no individual estimate is part of this report.</p>\n");
        if (demographics.Note is not null || demographics.Gender is null || demographics.AgeBand is null)
        {
            html.Append($"<p>{E(demographics.Note ?? "No demographic estimates.")}</p>\n");
            return;
        }

        var none = demographics.NoEstimate;
        html.Append($"<p>{demographics.EstimatedPersons} of {demographics.ListedPersons} listed persons have an estimate. ");
        html.Append($"<strong>{demographics.UncertainGender}</strong> of those {demographics.EstimatedPersons} gender estimates ({Percent(demographics.UncertainGender, demographics.EstimatedPersons)}) are uncertain (probability under {Number(demographics.UncertainBelow)}). ");
        html.Append($"{none.Persons} have no estimate: {none.NoPhoto} without a photo, {none.NoFace} whose photo had no face found, {none.NotAnalysed} with a face that was not analysed. The balance and cross tables count {E(demographics.Basis)}.</p>\n");

        foreach (var balance in new[] { demographics.Gender, demographics.AgeBand })
        {
            EstimateBalanceTable(html, balance, demographics.Basis);
        }

        foreach (var table in demographics.Contingencies)
        {
            CrossTable(
                html,
                table,
                $"<h3>{E(Capitalised(table.RowFacet))} x {E(table.ColumnFacet)}</h3>",
                table.RowFacet == "label"
                    ? $"Counts of {E(table.Basis)} (estimates). A label that is mostly one estimated group lets a model learn how that group looks instead of the label, and fail on the others."
                    : $"Counts of {E(table.Basis)} (estimates). A {E(table.RowFacet)} that is mostly one estimated group ties the two: a label drawn by {E(table.RowFacet)} follows the group too, and a result per {E(table.RowFacet)} is also one per group.");
        }

        EstimateFunnelTable(html, report, demographics);
    }

    private static void EstimateBalanceTable(StringBuilder html, EstimateBalance balance, string basis)
    {
        html.Append($"<h3>{E(Capitalised(balance.Estimate))}</h3>\n");
        html.Append($"<table><caption>{E(Capitalised(balance.Estimate))} of {E(basis)}: counts of estimates</caption>\n<tr><th>by</th><th>group</th>");
        foreach (var value in balance.Values)
        {
            html.Append($"<th>{E(value)}</th>");
        }

        html.Append("<th>total</th></tr>\n");
        foreach (var (by, rows) in new[] { ("all", (IReadOnlyList<EstimateRow>)[balance.Overall]), ("label", balance.ByLabel), ("split", balance.BySplit), ("source", balance.BySource) })
        {
            for (var i = 0; i < rows.Count; i++)
            {
                html.Append($"<tr><td>{(i == 0 ? E(by) : string.Empty)}</td><td>{E(rows[i].Key)}</td>");
                foreach (var value in balance.Values)
                {
                    html.Append($"<td class=\"n\">{rows[i].Counts.GetValueOrDefault(value)}</td>");
                }

                html.Append($"<td class=\"n\">{rows[i].Total}</td></tr>\n");
            }
        }

        html.Append("</table>\n");
        List<EstimateRow> chart = [balance.Overall, .. balance.ByLabel];
        html.Append(SvgCharts.GroupedBars(
            $"{Capitalised(balance.Estimate)} of {basis}: all and per label (estimates)",
            [.. chart.Select(r => r.Key)],
            balance.Values,
            (c, s) => chart[c].Counts.GetValueOrDefault(balance.Values[s]))).Append('\n');
    }

    private static void EstimateFunnelTable(StringBuilder html, DatasetReport report, DemographicReport demographics)
    {
        html.Append("<h3>Funnel per estimated group</h3>\n");
        html.Append("<p class=\"note\">Who each step after the estimate dropped, per estimated gender and age band: quality rules (placeholder, image and face size, several faces, dark, bright, blur, greyscale), then the role rules, then the rest (duplicates, no label, review), then export. ");
        html.Append($"Face detection's misses cannot be split by estimated group: a face never found has no estimate. Instead, {demographics.NoEstimate.NoFace} persons whose photo had no face found and {demographics.NoEstimate.NoPhoto} without a photo count as <em>(no estimate)</em>.</p>\n");
        if (demographics.Funnel.Count == 0)
        {
            html.Append("<p>No estimated group to follow.</p>\n");
            return;
        }

        var flagged = report.Flags.Where(f => f.Kind == FlagKinds.StageDrop).Select(f => (f.Facet, f.Subject)).ToHashSet();
        html.Append("<table><caption>Persons per estimated group at each step: counts of estimates</caption>\n<tr><th>estimate</th><th>group</th>");
        foreach (var step in EstimateSteps)
        {
            html.Append($"<th>{step}</th>");
        }

        html.Append("<th>kept / estimated</th><th>rejected by rule</th></tr>\n");
        string? previous = null;
        foreach (var row in demographics.Funnel)
        {
            var rules = demographics.RejectionsByGroup.FirstOrDefault(g => g.Facet == row.Estimate && g.Key == row.Group)?.ByRule;
            html.Append(flagged.Contains((row.Estimate, row.Group)) ? "<tr class=\"flag\">" : "<tr>");
            html.Append($"<td>{(row.Estimate == previous ? string.Empty : E(row.Estimate))}</td><td>{E(row.Group)}</td>");
            foreach (var value in new[] { row.Estimated, row.PassedQuality, row.PassedRole, row.Kept, row.Exported })
            {
                html.Append($"<td class=\"n\">{value}</td>");
            }

            html.Append($"<td class=\"n\">{Percent(row.Kept, row.Estimated)}</td><td>{E(rules is null ? string.Empty : string.Join(", ", rules.Select(p => $"{p.Key} {p.Value}")))}</td></tr>\n");
            previous = row.Estimate;
        }

        html.Append("</table>\n");
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
