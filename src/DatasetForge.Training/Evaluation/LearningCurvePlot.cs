using System.Globalization;
using System.Text;
using DatasetForge.Training.Runs;

namespace DatasetForge.Training.Evaluation;

/// <summary>Draws learning curves as one SVG: loss (left) and the metric (right) per epoch, train and validation.</summary>
public static class LearningCurvePlot
{
    private const int PanelWidth = 420;
    private const int PanelHeight = 260;
    private const int Margin = 40;

    public static string Render(IReadOnlyList<EpochRecord> epochs, bool regression)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var svg = new StringBuilder();
        var width = (PanelWidth * 2) + (Margin * 3);
        var height = PanelHeight + (Margin * 2);
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        Panel(svg, Margin, "loss", epochs, e => e.TrainLoss, e => e.ValidationLoss);
        Panel(svg, (Margin * 2) + PanelWidth, regression ? "MAE" : "accuracy", epochs, e => e.TrainAccuracy, e => e.ValidationAccuracy);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Panel(
        StringBuilder svg, int left, string title, IReadOnlyList<EpochRecord> epochs, Func<EpochRecord, double> train, Func<EpochRecord, double?> validation)
    {
        var values = epochs.Select(train).Concat(epochs.Select(validation).OfType<double>()).Where(double.IsFinite).ToList();
        var min = values.Count == 0 ? 0 : values.Min();
        var max = values.Count == 0 ? 1 : values.Max();
        if (max - min < 1e-9)
        {
            max = min + 1;
        }

        var lastEpoch = Math.Max(2, epochs.Count == 0 ? 2 : epochs[^1].Epoch);
        var firstEpoch = epochs.Count == 0 ? 1 : epochs[0].Epoch;
        double X(int epoch) => left + ((epoch - firstEpoch) * (double)PanelWidth / Math.Max(1, lastEpoch - firstEpoch));
        double Y(double value) => Margin + PanelHeight - ((value - min) / (max - min) * PanelHeight);
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{Margin}\" width=\"{PanelWidth}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#9ca3af\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{Margin - 20}\" font-size=\"14\">{title} per epoch</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{Margin + 4}\" text-anchor=\"end\">{max:0.###}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{Margin + PanelHeight}\" text-anchor=\"end\">{min:0.###}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{Margin + PanelHeight + 16}\">epoch {firstEpoch}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + PanelWidth}\" y=\"{Margin + PanelHeight + 16}\" text-anchor=\"end\">{lastEpoch}</text>");
        Line(svg, "#2563eb", "train", epochs.Select(e => (e.Epoch, (double?)train(e))), X, Y, left + 10, Margin + 14);
        Line(svg, "#dc2626", "validation", epochs.Select(e => (e.Epoch, validation(e))), X, Y, left + 80, Margin + 14);
    }

    private static void Line(
        StringBuilder svg, string colour, string name, IEnumerable<(int Epoch, double? Value)> points, Func<int, double> x, Func<double, double> y, int legendX, int legendY)
    {
        var finite = points.Where(p => p.Value is { } v && double.IsFinite(v)).ToList();
        if (finite.Count == 0)
        {
            return;
        }

        var path = string.Join(" ", finite.Select(p => string.Create(CultureInfo.InvariantCulture, $"{x(p.Epoch):0.#},{y(p.Value!.Value):0.#}")));
        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{path}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX}\" y=\"{legendY}\" fill=\"{colour}\">{name}</text>");
    }
}
