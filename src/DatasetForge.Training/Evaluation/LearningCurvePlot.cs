using System.Globalization;
using System.Text;
using DatasetForge.Core.Html;
using DatasetForge.Training.Runs;

namespace DatasetForge.Training.Evaluation;

/// <summary>
/// The learning curve of a run from its epochs, drawn with the pages' chart module (<see cref="SvgCharts"/>): one panel
/// for train and validation loss, one for the metric (accuracy, or MAE for regression) on its own axis.
/// </summary>
public static class LearningCurvePlot
{
    private const int PanelWidth = 500;
    private const int PanelGap = 24;

    /// <summary>The two panels as one standalone SVG file (learning-curve.svg), which carries its own style.</summary>
    public static string Render(IReadOnlyList<EpochRecord> epochs, bool regression)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var (loss, metric) = Panels(epochs, regression);
        var width = (PanelWidth * 2) + PanelGap;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"300\" viewBox=\"0 0 {width} 300\">");
        svg.Append("<style>").Append(SvgCharts.Css).Append("</style><rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        svg.Append("<g>").Append(loss).Append("</g>");
        svg.Append(CultureInfo.InvariantCulture, $"<g transform=\"translate({PanelWidth + PanelGap} 0)\">").Append(metric).Append("</g>");
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>
    /// The learning-curve section of the evaluation page: a heading, the two panels side by side (wrapping on a narrow
    /// window) and a line on the best epoch; a note instead where the run left no epochs.
    /// </summary>
    public static string Section(IReadOnlyList<EpochRecord> epochs, bool regression)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var html = new StringBuilder("<h2 id=\"learning-curve\">Learning curve</h2>\n");
        if (epochs.Count == 0)
        {
            return html.Append("<p class=\"note\">The run left no epochs.csv: no learning curve to draw.</p>\n").ToString();
        }

        var (loss, metric) = Panels(epochs, regression);
        html.Append("<div class=\"charts\">").Append(loss).Append(metric).Append("</div>\n");
        var best = epochs.Where(e => e.ValidationLoss is { } v && double.IsFinite(v)).MinBy(e => e.ValidationLoss!.Value);
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{epochs.Count} epoch{(epochs.Count == 1 ? string.Empty : "s")} from epochs.csv. ");
        html.Append(best is null
            ? "No validation split: the curves show training only."
            : string.Create(CultureInfo.InvariantCulture, $"Lowest validation loss {best.ValidationLoss:0.###} at epoch {best.Epoch}. Validation loss rising while training loss falls means over-fitting."));
        return html.Append("</p>\n").ToString();
    }

    private static (string Loss, string Metric) Panels(IReadOnlyList<EpochRecord> epochs, bool regression)
    {
        static List<(double, double)> Points(IEnumerable<EpochRecord> epochs, Func<EpochRecord, double?> value) =>
            [.. epochs.Where(e => value(e) is { } v && double.IsFinite(v)).Select(e => ((double)e.Epoch, value(e)!.Value))];

        // Train dashed, validation solid, in the same two colours on both panels.
        var loss = SvgCharts.Lines(
            "Loss per epoch",
            "epoch",
            "loss",
            [new LineSeries("train loss", Points(epochs, e => e.TrainLoss), Dashed: true), new LineSeries("validation loss", Points(epochs, e => e.ValidationLoss))]);
        var name = regression ? "MAE" : "accuracy";
        var metric = SvgCharts.Lines(
            regression ? "MAE per epoch (label units)" : "Accuracy per epoch",
            "epoch",
            name,
            [new LineSeries($"train {name}", Points(epochs, e => e.TrainAccuracy), Dashed: true), new LineSeries($"validation {name}", Points(epochs, e => e.ValidationAccuracy))],
            yRange: regression ? null : (0, 1),
            yFormat: regression ? null : "0%");
        return (loss, metric);
    }
}
