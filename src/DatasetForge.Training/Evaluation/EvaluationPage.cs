using System.Globalization;
using System.Net;
using System.Text;
using DatasetForge.Core.Evaluation;
using DatasetForge.Core.Html;
using DatasetForge.Training.Runs;

namespace DatasetForge.Training.Evaluation;

/// <summary>
/// Renders a classification run's evaluation as one self-contained page in the report's look (<see cref="PageStyle"/>):
/// accuracy against chance, the learning curve, the per-class table, the coloured confusion matrix, then the extra sections.
/// </summary>
public static class EvaluationPage
{
    /// <param name="metrics">The evaluated split's metrics.</param>
    /// <param name="model">The model's name.</param>
    /// <param name="note">A warning above the figures (e.g. that the validation split stood in for a missing test split).</param>
    /// <param name="extraSections">HTML appended after the confusion matrix.</param>
    /// <param name="epochs">The run's epochs.csv, for the learning curve; null or empty says the run left none.</param>
    public static string Render(
        ClassificationMetrics metrics, string model, string? note = null, string? extraSections = null, IReadOnlyList<EpochRecord>? epochs = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var html = new StringBuilder();
        html.Append("<h1>Evaluation of run ").Append(Encode(metrics.RunId)).AppendLine("</h1>");
        html.Append("<p class=\"meta\">Model <b>").Append(Encode(model)).Append("</b> · dataset version <code>").Append(Encode(metrics.VersionId))
            .Append("</code> · split <b>").Append(Encode(metrics.Split)).Append("</b> (").Append(metrics.Count).AppendLine(" items)</p>");
        if (!string.IsNullOrEmpty(note))
        {
            html.Append("<p class=\"warning\">").Append(Encode(note)).AppendLine("</p>");
        }

        var chance = metrics.Classes.Count > 0 ? 1.0 / metrics.Classes.Count : 0;
        html.Append("<p><span class=\"big\">accuracy ").Append(Percent(metrics.Accuracy)).Append("</span><span class=\"big\">macro F1 ")
            .Append(Number(metrics.MacroF1)).Append("</span>chance ").Append(Percent(chance)).AppendLine("</p>");
        if (metrics.AbsentClasses.Count > 0)
        {
            html.Append("<p class=\"note\">Macro F1 averages the classes the ").Append(Encode(metrics.Split)).Append(" split holds; left out, with no item in it: ")
                .Append(Encode(string.Join(", ", metrics.AbsentClasses))).AppendLine(".</p>");
        }

        if (metrics.Count > 0 && MetricsCalculator.NearChance(metrics.Accuracy, metrics.Count, metrics.Classes.Count))
        {
            html.Append("<p class=\"warning\">Accuracy is within chance of guessing (").Append(Percent(chance))
                .Append(" on ").Append(metrics.Count).AppendLine(" items): this run shows no skill.</p>");
        }

        html.Append(LearningCurvePlot.Section(epochs ?? [], regression: false));
        html.AppendLine("<h2>Per class</h2>");
        html.AppendLine("<table><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead><tbody>");
        foreach (var c in metrics.PerClass.Where(c => c.Support > 0))
        {
            // 0/0 is not 0: a class never predicted has no precision (and so no F1).
            html.Append("<tr><td>").Append(Encode(c.Label)).Append("</td><td class=\"n\">").Append(c.PrecisionDefined ? Number(c.Precision) : "—")
                .Append("</td><td class=\"n\">").Append(Number(c.Recall)).Append("</td><td class=\"n\">").Append(c.PrecisionDefined ? Number(c.F1) : "—")
                .Append("</td><td class=\"n\">").Append(c.Support).AppendLine("</td></tr>");
        }

        html.AppendLine("</tbody></table>");
        if (metrics.PerClass.Any(c => c.Support == 0))
        {
            html.Append("<p class=\"note\">No ").Append(Encode(metrics.Split)).Append(" items, so left out of this table, the matrix's rows and the galleries: ")
                .Append(Encode(string.Join(", ", metrics.PerClass.Where(c => c.Support == 0).Select(c => c.Label)))).AppendLine(".</p>");
        }

        html.AppendLine("<h2>Confusion matrix</h2><p class=\"note\">Rows: true class; columns: predicted class. Colour: share of the row (green: right, red: confused).</p>");
        html.Append("<div class=\"scroll\"><table class=\"matrix\"><thead><tr><th>true \\ predicted</th>");
        foreach (var name in metrics.Classes)
        {
            html.Append("<th>").Append(Encode(name)).Append("</th>");
        }

        html.AppendLine("</tr></thead><tbody>");
        for (var row = 0; row < metrics.ConfusionMatrix.Count; row++)
        {
            var cells = metrics.ConfusionMatrix[row];
            var total = cells.Sum();
            if (total == 0)
            {
                continue;
            }

            html.Append("<tr><th>").Append(Encode(metrics.Classes[row])).Append("</th>");
            for (var column = 0; column < cells.Count; column++)
            {
                var share = total == 0 ? 0 : (double)cells[column] / total;
                // Correct predictions in green, confusions in red, the stronger the larger their share of the row.
                var hue = row == column ? "22, 163, 74" : "220, 38, 38";
                var text = share > 0.55 ? "#ffffff" : "#111827";
                html.Append("<td class=\"n\" style=\"background: rgba(").Append(hue).Append(", ")
                    .Append(share.ToString("0.00", CultureInfo.InvariantCulture)).Append("); color: ").Append(text).Append("\" title=\"")
                    .Append(Percent(share)).Append(" of ").Append(Encode(metrics.Classes[row])).Append("\">")
                    .Append(cells[column]).Append("</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</tbody></table></div>");
        html.Append(extraSections);
        return EvaluationSections.Page($"Evaluation of run {metrics.RunId}", html.ToString());
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
