using System.Globalization;
using System.Net;
using System.Text;
using DatasetForge.Core.Html;
using DatasetForge.Reporting.Model;

namespace DatasetForge.Reporting.Html;

/// <summary>
/// Renders the report as one self-contained HTML file: inline CSS, inline SVG charts, crops embedded as data: URIs.
/// It opens from disk with nothing else around it.
/// </summary>
internal static partial class ReportHtml
{
    private static readonly string[] Steps = ["listed", "with photo", "with face", "kept", "exported"];

    public static string Render(DatasetReport report, Func<string, string?> embedImage)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>Bias report: {E(report.Dataset)}</title>\n<style>\n{PageStyle.Css}\n</style>\n</head>\n<body>\n");
        Header(html, report);
        Flags(html, report);
        Funnel(html, report);
        Rejections(html, report);
        RejectedSheets(html, report, embedImage);
        Breakdown(html, "Funnel by source", "source", report.FunnelBySource);
        Breakdown(html, "Funnel by label", "label", report.FunnelByLabel);
        RejectionsByGroup(html, report);
        LabelDistribution(html, report);
        Balance(html, report);
        FacetBalances(html, report);
        Demographics(html, report);
        Sources(html, report);
        LabelBySource(html, report.LabelBySource);
        LabelByFacets(html, report);
        FacetByFacets(html, report);
        Images(html, report);
        Comparison(html, report.Comparison);
        ContactSheets(html, report, embedImage);
        FlaggedSheets(html, report, embedImage);
        Training(html, report.Training);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, DatasetReport report)
    {
        html.Append($"<h1>Bias report: {E(report.Dataset)}</h1>\n<p class=\"meta\">");
        html.Append($"Version <strong>{E(report.VersionId ?? "none exported yet")}</strong>");
        if (report.ParentVersionId is not null)
        {
            html.Append($" (parent {E(report.ParentVersionId)})");
        }

        html.Append($" · label <code>{E(report.Label)}</code> · generated {E(report.GeneratedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))} UTC</p>\n");
        if (!string.IsNullOrWhiteSpace(report.Description))
        {
            html.Append($"<p>{E(report.Description)}</p>\n");
        }
    }

    private static void Funnel(StringBuilder html, DatasetReport report)
    {
        html.Append("<h2>Funnel</h2>\n<p class=\"note\">Persons at each step: listed by a source (not vanished), with a downloaded photo, with a face crop, kept by curation, exported in the newest version.</p>\n");
        var values = Values(report.Funnel);
        html.Append("<table><tr><th>step</th><th>persons</th><th>of listed</th></tr>\n");
        for (var i = 0; i < Steps.Length; i++)
        {
            html.Append($"<tr><td>{Steps[i]}</td><td class=\"n\">{values[i]}</td><td class=\"n\">{Percent(values[i], values[0])}</td></tr>\n");
        }

        html.Append("</table>\n");
        html.Append(SvgCharts.GroupedBars("Persons at each step", Steps, ["persons"], (c, _) => values[c])).Append('\n');
    }

    private static void Rejections(StringBuilder html, DatasetReport report)
    {
        html.Append("<h2>Rejections by rule</h2>\n");
        var conflicts = report.LabelConflicts;
        html.Append($"<p class=\"conflicts\">Label conflicts (one person listed with different labels): {conflicts.Open} open, waiting for a reviewer "
            + $"(<code>forge review --label</code>), {conflicts.Resolved} resolved by review.</p>\n");
        if (report.Rejections.Count == 0)
        {
            html.Append("<p>No rejections recorded.</p>\n");
            return;
        }

        html.Append("<table><tr><th>stage</th><th>rule</th><th>rejected</th><th>example reasons</th></tr>\n");
        foreach (var rule in report.Rejections)
        {
            html.Append($"<tr><td>{E(rule.Stage)}</td><td><code>{E(rule.Rule)}</code></td><td class=\"n\">{rule.Count}</td><td><ul class=\"examples\">");
            foreach (var example in rule.Examples)
            {
                html.Append($"<li>{E(example)}</li>");
            }

            html.Append("</ul></td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Breakdown(StringBuilder html, string title, string keyName, IReadOnlyList<FunnelBreakdown> rows)
    {
        html.Append($"<h2>{E(title)}</h2>\n");
        if (rows.Count == 0)
        {
            html.Append("<p>Nothing listed yet.</p>\n");
            return;
        }

        html.Append($"<table><tr><th>{E(keyName)}</th>");
        foreach (var step in Steps)
        {
            html.Append($"<th>{step}</th>");
        }

        html.Append("<th>kept / listed</th></tr>\n");
        foreach (var row in rows)
        {
            var values = Values(row.Counts);
            html.Append($"<tr><td>{E(row.Key)}</td>");
            foreach (var v in values)
            {
                html.Append($"<td class=\"n\">{v}</td>");
            }

            html.Append($"<td class=\"n\">{Percent(row.Counts.Kept, row.Counts.Listed)}</td></tr>\n");
        }

        html.Append("</table>\n");
        html.Append(SvgCharts.GroupedBars(title, [.. rows.Select(r => r.Key)], Steps, (c, s) => Values(rows[c].Counts)[s])).Append('\n');
    }

    private static void Balance(StringBuilder html, DatasetReport report)
    {
        html.Append("<h2>Label balance</h2>\n");
        var balance = report.Balance;
        if (balance is null)
        {
            html.Append("<p>No version exported yet.</p>\n");
            return;
        }

        List<SplitBalance> columns = [balance.Overall, .. balance.Splits];
        html.Append("<table><tr><th>label</th>");
        foreach (var column in columns)
        {
            html.Append($"<th>{E(column.Split)}</th>");
        }

        html.Append("</tr>\n");
        foreach (var label in balance.Classes)
        {
            html.Append($"<tr><td>{E(label)}</td>");
            foreach (var column in columns)
            {
                html.Append($"<td class=\"n\">{column.Counts.GetValueOrDefault(label)}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("<tr><th>total</th>");
        columns.ForEach(c => html.Append($"<td class=\"n\"><strong>{c.Total}</strong></td>"));
        html.Append("</tr>\n<tr><th>imbalance ratio (max/min)</th>");
        columns.ForEach(c => html.Append($"<td class=\"n\">{(c.ImbalanceRatio is { } r ? Number(r) : "∞ (a class is empty)")}</td>"));
        html.Append("</tr>\n<tr><th>normalised entropy</th>");
        columns.ForEach(c => html.Append($"<td class=\"n\">{(c.NormalisedEntropy is { } h ? Number(h) : "n/a")}</td>"));
        html.Append("</tr>\n</table>\n");
        html.Append("<p class=\"note\">Imbalance ratio: largest class over smallest (1 = balanced). Normalised entropy: 1 = every class equally large, 0 = one class only.</p>\n");
        html.Append(SvgCharts.GroupedBars(
            "Items per label and split", balance.Classes, [.. columns.Select(c => c.Split)], (c, s) => columns[s].Counts.GetValueOrDefault(balance.Classes[c]))).Append('\n');
    }

    private static void Sources(StringBuilder html, DatasetReport report)
    {
        html.Append("<h2>Counts per source</h2>\n<table><tr><th>source</th><th>persons listed</th><th>kept</th><th>exported</th></tr>\n");
        foreach (var row in report.FunnelBySource)
        {
            html.Append($"<tr><td>{E(row.Key)}</td><td class=\"n\">{row.Counts.Listed}</td><td class=\"n\">{row.Counts.Kept}</td><td class=\"n\">{row.Counts.Exported}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void LabelBySource(StringBuilder html, Contingency table) =>
        CrossTable(
            html,
            table,
            $"<h2>Label x {E(table.ColumnFacet)}</h2>",
            $"Counts of {E(table.Basis)}. A label that comes mostly from one {E(table.ColumnFacet)} may be learned from it (background, lighting, photographer) instead of the face.");

    private static void CrossTable(StringBuilder html, Contingency table, string heading, string note)
    {
        html.Append($"{heading}\n<p class=\"note\">{note}</p>\n");
        if (table.Rows.Count == 0)
        {
            html.Append("<p>Nothing to count yet.</p>\n");
            return;
        }

        html.Append($"<table><tr><th>{E(table.RowFacet)} \\ {E(table.ColumnFacet)}</th>");
        foreach (var column in table.Columns)
        {
            html.Append($"<th>{E(column)}</th>");
        }

        html.Append("<th>total</th></tr>\n");
        for (var i = 0; i < table.Rows.Count; i++)
        {
            html.Append($"<tr><td>{E(table.Rows[i])}</td>");
            foreach (var cell in table.Cells[i])
            {
                html.Append($"<td class=\"n\">{cell}</td>");
            }

            html.Append($"<td class=\"n\">{table.Cells[i].Sum()}</td></tr>\n");
        }

        html.Append("</table>\n");
        html.Append(table.CramersV is { } v
            ? $"<p>Chi-square {Number(table.ChiSquare!.Value)} with {table.DegreesOfFreedom} degree{(table.DegreesOfFreedom == 1 ? string.Empty : "s")} of freedom; Cramér's V {Number(v)} (0 = {E(table.RowFacet)} independent of {E(table.ColumnFacet)}, 1 = {E(table.ColumnFacet)} determines {E(table.RowFacet)}).</p>\n"
            : $"<p class=\"note\">Chi-square needs at least two values of {E(table.RowFacet)} and two of {E(table.ColumnFacet)}.</p>\n");
    }

    private static void Comparison(StringBuilder html, VersionComparison? comparison)
    {
        if (comparison is null)
        {
            return;
        }

        html.Append($"<h2>Compared with the previous version</h2>\n<p>Parent {E(comparison.ParentId)}: {comparison.Added} items added, {comparison.Removed} removed.</p>\n");
        html.Append("<table><tr><th>label</th><th>previous</th><th>now</th><th>change</th></tr>\n");
        foreach (var (label, now) in comparison.Counts)
        {
            var before = comparison.ParentCounts.GetValueOrDefault(label);
            html.Append($"<tr><td>{E(label)}</td><td class=\"n\">{before}</td><td class=\"n\">{now}</td><td class=\"n\">{now - before:+0;-0;0}</td></tr>\n");
        }

        html.Append("</table>\n");
        html.Append($"<p>Items that changed split: <strong>{comparison.MovedSplit}</strong> (a split is kept for life, so anything but 0 is a leak){(comparison.MovedExamples.Count > 0 ? ": " + E(string.Join(", ", comparison.MovedExamples)) : string.Empty)}. Items that changed label: {comparison.Relabelled}{(comparison.RelabelledExamples.Count > 0 ? ": " + E(string.Join(", ", comparison.RelabelledExamples)) : string.Empty)}.</p>\n");
        if (comparison.ParentBalance is { } parentBalance)
        {
            html.Append("<table><tr><th>balance</th><th>previous</th><th>now</th></tr>\n");
            html.Append($"<tr><td>imbalance ratio (all)</td><td class=\"n\">{(parentBalance.Overall.ImbalanceRatio is { } a ? Number(a) : "∞")}</td><td class=\"n\">{(ImbalanceNow(comparison) is { } b ? Number(b) : "∞")}</td></tr>\n");
            html.Append("</table>\n");
        }
    }

    private static double? ImbalanceNow(VersionComparison comparison) =>
        Statistics.BalanceStatistics.ImbalanceRatio([.. comparison.Counts.Values]);

    private static void RejectedSheets(StringBuilder html, DatasetReport report, Func<string, string?> embedImage)
    {
        if (report.RejectedSheets.Count == 0)
        {
            return;
        }

        html.Append("<h2 id=\"dropped\">What was dropped</h2>\n<p class=\"note\">Per rejecting rule, the first rejected photos (face crops where a face was found): to see whom the detector or a filter removed. No names.</p>\n");
        foreach (var sheet in report.RejectedSheets)
        {
            Sheet(html, sheet, embedImage);
        }
    }

    private static void ContactSheets(StringBuilder html, DatasetReport report, Func<string, string?> embedImage)
    {
        html.Append("<h2>Contact sheet</h2>\n");
        if (report.ContactSheets.Count == 0)
        {
            html.Append("<p>No version exported yet.</p>\n");
            return;
        }

        foreach (var sheet in report.ContactSheets)
        {
            Sheet(html, sheet, embedImage);
        }
    }

    private static void Training(StringBuilder html, TrainingRunSummary? training)
    {
        html.Append("<h2>Newest evaluated training run</h2>\n");
        if (training is null)
        {
            html.Append("<p>No evaluated training run yet.</p>\n");
            return;
        }

        var m = training.Metrics;
        html.Append($"<p>Run <code>{E(training.RunId)}</code> ({E(training.Model)}) on version {E(training.VersionId)}, {E(m.Split)} split, {m.Count} items.");
        if (training.EvaluationPage is not null)
        {
            html.Append($" <a href=\"{E(training.EvaluationPage)}\">Full evaluation</a>.");
        }

        html.Append("</p>\n");
        html.Append($"<p><span class=\"big\">accuracy {Number(m.Accuracy)}</span><span class=\"big\">macro F1 {Number(m.MacroF1)}</span></p>\n");
        if (m.AbsentClasses.Count > 0)
        {
            html.Append($"<p class=\"note\">Macro F1 averages the classes the {E(m.Split)} split holds; left out, with no item in it: {E(string.Join(", ", m.AbsentClasses))}.</p>\n");
        }

        html.Append("<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
        foreach (var c in m.PerClass)
        {
            var precision = c.PrecisionDefined ? Number(c.Precision) : "—";
            var recall = c.Support > 0 ? Number(c.Recall) : "—";
            var f1 = c.Support > 0 && c.PrecisionDefined ? Number(c.F1) : "—";
            html.Append($"<tr><td>{E(c.Label)}</td><td class=\"n\">{precision}</td><td class=\"n\">{recall}</td><td class=\"n\">{f1}</td><td class=\"n\">{c.Support}</td></tr>\n");
        }

        html.Append("</table>\n<h3>Confusion matrix</h3>\n<p class=\"note\">Rows: true class; columns: predicted class.</p>\n<table><tr><th>true \\ predicted</th>");
        foreach (var c in m.Classes)
        {
            html.Append($"<th>{E(c)}</th>");
        }

        html.Append("</tr>\n");
        for (var i = 0; i < m.ConfusionMatrix.Count; i++)
        {
            var row = m.ConfusionMatrix[i];
            var total = Math.Max(1, row.Sum());
            html.Append($"<tr><th>{E(i < m.Classes.Count ? m.Classes[i] : i.ToString(CultureInfo.InvariantCulture))}</th>");
            foreach (var cell in row)
            {
                var alpha = (double)cell / total;
                html.Append(string.Create(CultureInfo.InvariantCulture, $"<td class=\"n\" style=\"background: rgba(0, 114, 178, {alpha * 0.8:0.###})\">{cell}</td>"));
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    private static int[] Values(FunnelCounts f) => [f.Listed, f.WithPhoto, f.WithFace, f.Kept, f.Exported];

    private static string Percent(int part, int whole) =>
        whole == 0 ? "n/a" : ((double)part / whole).ToString("0.#%", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
