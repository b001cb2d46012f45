using System.Globalization;
using System.Net;
using System.Text;
using DatasetForge.Core.Evaluation;

namespace DatasetForge.Training.Evaluation;

/// <summary>Renders an evaluation as one self-contained HTML page: accuracy, per-class table, coloured confusion matrix.</summary>
public static class EvaluationPage
{
    public static string Render(ClassificationMetrics metrics, string model, string? note = null, string? extraSections = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<title>Evaluation of run ").Append(Encode(metrics.RunId)).AppendLine("</title>");
        html.AppendLine("""
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem; color: #1f2937; }
            table { border-collapse: collapse; margin: 1rem 0; }
            th, td { border: 1px solid #d1d5db; padding: 0.35rem 0.6rem; text-align: right; }
            th { background: #f3f4f6; }
            td.label, th.label { text-align: left; }
            .big { font-size: 2rem; font-weight: 600; }
            .note { color: #92400e; }
            .matrix td { min-width: 3rem; text-align: center; }
            </style>
            </head><body>
            """);
        html.Append("<h1>Evaluation of run ").Append(Encode(metrics.RunId)).AppendLine("</h1>");
        html.Append("<p>Model <b>").Append(Encode(model)).Append("</b>, dataset version <code>").Append(Encode(metrics.VersionId))
            .Append("</code>, split <b>").Append(Encode(metrics.Split)).Append("</b> (").Append(metrics.Count).AppendLine(" items).</p>");
        if (!string.IsNullOrEmpty(note))
        {
            html.Append("<p class=\"note\">").Append(Encode(note)).AppendLine("</p>");
        }

        var chance = metrics.Classes.Count > 0 ? 1.0 / metrics.Classes.Count : 0;
        html.Append("<p>Accuracy <span class=\"big\">").Append(Percent(metrics.Accuracy)).Append("</span> &middot; macro F1 ")
            .Append(Number(metrics.MacroF1)).Append(" &middot; chance ").Append(Percent(chance)).AppendLine("</p>");
        if (metrics.AbsentClasses.Count > 0)
        {
            html.Append("<p class=\"note\">Macro F1 averages the classes the ").Append(Encode(metrics.Split)).Append(" split holds; left out, with no item in it: ")
                .Append(Encode(string.Join(", ", metrics.AbsentClasses))).AppendLine(".</p>");
        }

        if (metrics.Count > 0 && MetricsCalculator.NearChance(metrics.Accuracy, metrics.Count, metrics.Classes.Count))
        {
            html.Append("<p class=\"note\">Accuracy is within chance of guessing (").Append(Percent(chance))
                .Append(" on ").Append(metrics.Count).AppendLine(" items): this run shows no skill.</p>");
        }

        html.AppendLine("<h2>Per class</h2><table><thead><tr><th class=\"label\">class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead><tbody>");
        foreach (var c in metrics.PerClass)
        {
            // 0/0 is not 0: a class never predicted has no precision, one absent from the split no recall or F1.
            html.Append("<tr><td class=\"label\">").Append(Encode(c.Label)).Append("</td><td>").Append(c.PrecisionDefined ? Number(c.Precision) : "—")
                .Append("</td><td>").Append(c.Support > 0 ? Number(c.Recall) : "—").Append("</td><td>").Append(c.Support > 0 && c.PrecisionDefined ? Number(c.F1) : "—")
                .Append("</td><td>").Append(c.Support).AppendLine("</td></tr>");
        }

        html.AppendLine("</tbody></table>");

        html.AppendLine("<h2>Confusion matrix</h2><p>Rows: true class; columns: predicted class. Colour: share of the row.</p>");
        html.Append("<table class=\"matrix\"><thead><tr><th class=\"label\">true \\ predicted</th>");
        foreach (var name in metrics.Classes)
        {
            html.Append("<th>").Append(Encode(name)).Append("</th>");
        }

        html.AppendLine("</tr></thead><tbody>");
        for (var row = 0; row < metrics.ConfusionMatrix.Count; row++)
        {
            var cells = metrics.ConfusionMatrix[row];
            var total = cells.Sum();
            html.Append("<tr><th class=\"label\">").Append(Encode(metrics.Classes[row])).Append("</th>");
            for (var column = 0; column < cells.Count; column++)
            {
                var share = total == 0 ? 0 : (double)cells[column] / total;
                // Correct predictions in green, confusions in red, the stronger the larger their share of the row.
                var hue = row == column ? "22, 163, 74" : "220, 38, 38";
                var text = share > 0.55 ? "#ffffff" : "#111827";
                html.Append("<td style=\"background: rgba(").Append(hue).Append(", ")
                    .Append(share.ToString("0.00", CultureInfo.InvariantCulture)).Append("); color: ").Append(text).Append("\" title=\"")
                    .Append(Percent(share)).Append(" of ").Append(Encode(metrics.Classes[row])).Append("\">")
                    .Append(cells[column]).Append("</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</tbody></table>");
        if (extraSections is not null)
        {
            html.Append("<style>").Append(EvaluationSections.Style).AppendLine("</style>");
            html.AppendLine(extraSections);
        }

        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
