using System.Text;
using DatasetForge.Core.Html;
using DatasetForge.Reporting.Model;

namespace DatasetForge.Reporting.Html;

/// <summary>The audit sections: flags, rejections per group, facet balance, label x facet tables, image statistics.</summary>
internal static partial class ReportHtml
{
    private static void Flags(StringBuilder html, DatasetReport report)
    {
        html.Append("<h2 id=\"flags\">Flags</h2>\n");
        if (report.Flags.Count == 0)
        {
            html.Append("<p>Nothing flagged: no stage drops one group much more than the rest, no label is predictable from its source or another facet, and no image statistic differs enough between labels or sources.</p>\n");
            return;
        }

        html.Append($"<p class=\"flagged\">{report.Flags.Count} flag(s). Read them before training on this version.</p>\n");
        html.Append("<table><tr><th>kind</th><th>facet</th><th>subject</th><th>finding</th></tr>\n");
        foreach (var flag in report.Flags)
        {
            html.Append($"<tr class=\"flag\"><td><code>{E(flag.Kind)}</code></td><td>{E(flag.Facet)}</td><td>{E(flag.Subject)}</td><td>{E(flag.Message)}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void RejectionsByGroup(StringBuilder html, DatasetReport report)
    {
        if (report.RejectionsByGroup.Count == 0)
        {
            return;
        }

        html.Append("<h2>Why persons were dropped, by source and label</h2>\n<table><tr><th>facet</th><th>value</th><th>rejected by rule</th></tr>\n");
        foreach (var group in report.RejectionsByGroup)
        {
            html.Append($"<tr><td>{E(group.Facet)}</td><td>{E(group.Key)}</td><td>{E(string.Join(", ", group.ByRule.Select(p => $"{p.Key} {p.Value}")))}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void FacetBalances(StringBuilder html, DatasetReport report)
    {
        if (report.FacetBalances.Count == 0)
        {
            return;
        }

        html.Append("<h2>Balance of every facet</h2>\n");
        foreach (var facet in report.FacetBalances)
        {
            List<SplitBalance> columns = [facet.Overall, .. facet.Splits];
            html.Append($"<h3>{E(facet.Facet)}</h3>\n<table><tr><th>{E(facet.Facet)}</th>");
            columns.ForEach(c => html.Append($"<th>{E(c.Split)}</th>"));
            html.Append("</tr>\n");
            foreach (var value in facet.Values)
            {
                html.Append($"<tr><td>{E(value)}</td>");
                columns.ForEach(c => html.Append($"<td class=\"n\">{c.Counts.GetValueOrDefault(value)}</td>"));
                html.Append("</tr>\n");
            }

            html.Append("<tr><th>imbalance ratio</th>");
            columns.ForEach(c => html.Append($"<td class=\"n\">{(c.ImbalanceRatio is { } r ? Number(r) : "∞")}</td>"));
            html.Append("</tr>\n<tr><th>normalised entropy</th>");
            columns.ForEach(c => html.Append($"<td class=\"n\">{(c.NormalisedEntropy is { } h ? Number(h) : "n/a")}</td>"));
            html.Append("</tr>\n</table>\n");
        }
    }

    private static void LabelDistribution(StringBuilder html, DatasetReport report)
    {
        if (report.LabelDistribution is not { } d)
        {
            return;
        }

        html.Append($"<h2>Distribution of {E(report.Label)}</h2>\n");
        html.Append($"<p>{d.Count} {E(d.Basis)}: from {Number(d.Min)} to {Number(d.Max)}, mean {Number(d.Mean)}, median {Number(d.Median)}.</p>\n");
        html.Append($"<p class=\"note\">{E(report.Label)} is a number: the balance, cross tables and flags below count its quantile bins (labelBins, the strata export splits by), not each value.</p>\n");
        string Range(HistogramBin bin) => bin.High - bin.Low == 1 && bin.Low + 0.5 == Math.Floor(bin.Low + 0.5)
            ? Number(bin.Low + 0.5)
            : $"{Number(bin.Low)}–{Number(bin.High)}";
        html.Append(SvgCharts.GroupedBars(
            $"{report.Label}: items per value range", [.. d.Bins.Select(Range)], [d.Basis], (c, _) => d.Bins[c].Count)).Append('\n');
    }

    private static void FacetByFacets(StringBuilder html, DatasetReport report)
    {
        if (report.FacetByFacet.Count == 0)
        {
            return;
        }

        html.Append("<h2>Facet x facet</h2>\n");
        foreach (var table in report.FacetByFacet)
        {
            CrossTable(
                html,
                table,
                $"<h3>{E(table.RowFacet)} x {E(table.ColumnFacet)}</h3>",
                $"Counts of {E(table.Basis)}. When two facets go together (all of one gender from one source), whatever a model learns of one it learns of the other, whatever the label.");
        }
    }

    private static void LabelByFacets(StringBuilder html, DatasetReport report)
    {
        foreach (var table in report.LabelByFacet)
        {
            LabelBySource(html, table);
        }
    }

    private static void Images(StringBuilder html, DatasetReport report)
    {
        html.Append("<h2>Image statistics</h2>\n");
        if (report.Images is not { } images)
        {
            html.Append("<p>No version exported yet.</p>\n");
            return;
        }

        html.Append($"<p class=\"note\">{images.Measured} images measured (at most {images.SamplesPerCell} per label x source cell, the first by item id). Brightness and contrast: mean and spread of the crop's luminance (0–255); resolution: the original in megapixels; JPEG quality: estimated from the original's quantisation table; background: mean colour of the crop's border. Differences of {E("≥")} the configured effect size are flagged.</p>\n");
        foreach (var (title, rows) in new[] { ("per label", images.ByLabel), ("per source", images.BySource) })
        {
            html.Append($"<h3>{title}</h3>\n<table><tr><th>{E(rows.Count > 0 ? rows[0].Facet : string.Empty)}</th><th>measured</th><th>brightness</th><th>contrast</th><th>megapixels</th><th>JPEG quality</th><th>greyscale</th><th>background</th></tr>\n");
            foreach (var row in rows)
            {
                html.Append($"<tr><td>{E(row.Key)}</td><td class=\"n\">{row.Measured}</td><td class=\"n\">{Number(row.Brightness)} ± {Number(row.BrightnessSd)}</td><td class=\"n\">{Number(row.Contrast)} ± {Number(row.ContrastSd)}</td>");
                html.Append($"<td class=\"n\">{Number(row.Megapixels)}</td><td class=\"n\">{(row.JpegQuality is { } q ? Number(q) : "n/a")}</td><td class=\"n\">{Percent((int)Math.Round(row.GreyscaleShare * 1000), 1000)}</td>");
                html.Append($"<td><span class=\"swatch\" style=\"background: {E(row.Background)}\"></span> {E(row.Background)}</td></tr>\n");
            }

            html.Append("</table>\n");
            html.Append(SvgCharts.GroupedBars($"Brightness and contrast {title}", [.. rows.Select(r => r.Key)], ["brightness", "contrast"], (c, s) => s == 0 ? rows[c].Brightness : rows[c].Contrast)).Append('\n');
        }
    }

    private static void FlaggedSheets(StringBuilder html, DatasetReport report, Func<string, string?> embedImage)
    {
        if (report.FlaggedSheets.Count == 0)
        {
            return;
        }

        html.Append("<h2>Contact sheets of flagged cells</h2>\n");
        foreach (var sheet in report.FlaggedSheets)
        {
            Sheet(html, sheet, embedImage);
        }
    }

    private static void Sheet(StringBuilder html, ContactSheet sheet, Func<string, string?> embedImage)
    {
        html.Append($"<h3>{E(sheet.Label)}</h3>\n<div class=\"sheet\">");
        foreach (var file in sheet.Files)
        {
            var uri = embedImage(file);
            if (uri is not null)
            {
                html.Append($"<img src=\"{uri}\" alt=\"{E(sheet.Label)} sample\">");
            }
        }

        html.Append("</div>\n");
    }
}
