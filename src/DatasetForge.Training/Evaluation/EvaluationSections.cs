using System.Globalization;
using System.Net;
using System.Text;
using DatasetForge.Core.Html;

namespace DatasetForge.Training.Evaluation;

/// <summary>The HTML sections of the evaluation page beyond the confusion matrix: reject curve, facets, galleries, Grad-CAM, regression.</summary>
public static class EvaluationSections
{
    /// <summary>The reject-threshold table (precision and coverage against the minimum probability).</summary>
    public static string RejectCurve(IReadOnlyList<ThresholdPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var html = new StringBuilder("<h2>Reject option</h2><p>Predictions below the threshold are rejected (\"none of these\").</p>");
        html.Append("<table><thead><tr><th>min probability</th><th>coverage</th><th>precision</th><th>recall</th></tr></thead><tbody>");
        foreach (var p in points)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"n\">{p.Threshold:0.00}</td><td class=\"n\">{Percent(p.Coverage)}</td><td class=\"n\">{Percent(p.Precision)}</td><td class=\"n\">{Percent(p.Recall)}</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>One table per facet: the metrics of each of its values.</summary>
    public static string PerFacet(IReadOnlyDictionary<string, IReadOnlyDictionary<string, FacetMetrics>> facets, bool regression)
    {
        ArgumentNullException.ThrowIfNull(facets);
        var html = new StringBuilder("<h2>Per facet</h2>");
        if (facets.Count == 0)
        {
            return html.Append("<p>The version's items carry no facets.</p>").ToString();
        }

        foreach (var (facet, values) in facets.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            html.Append("<h3>").Append(Encode(facet)).Append("</h3><table><thead><tr><th>value</th><th>items</th>");
            html.Append(regression ? "<th>MAE</th><th>RMSE</th>" : "<th>accuracy</th><th>macro F1</th>").Append("</tr></thead><tbody>");
            foreach (var (value, m) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                html.Append("<tr><td>").Append(Encode(value)).Append("</td><td class=\"n\">").Append(m.Count).Append("</td>");
                html.Append(regression
                    ? string.Create(CultureInfo.InvariantCulture, $"<td class=\"n\">{m.Mae:0.###}</td><td class=\"n\">{m.Rmse:0.###}</td>")
                    : $"<td class=\"n\">{Percent(m.Accuracy ?? 0)}</td><td class=\"n\">{Number(m.MacroF1 ?? 0)}</td>");
                html.Append("</tr>");
            }

            html.Append("</tbody></table>");
        }

        return html.ToString();
    }

    /// <summary>A row of captioned images (data URIs) under a heading.</summary>
    public static string Gallery(string title, IReadOnlyList<(string DataUri, string Caption)> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var html = new StringBuilder("<div class=\"gallery\"><h4>").Append(Encode(title)).Append("</h4>");
        if (images.Count == 0)
        {
            html.Append("<p>none</p>");
        }

        foreach (var (uri, caption) in images)
        {
            html.Append("<figure><img src=\"").Append(uri).Append("\" alt=\"\"><figcaption>").Append(Encode(caption)).Append("</figcaption></figure>");
        }

        return html.Append("</div>").ToString();
    }

    /// <summary>A predicted-versus-true scatter plot, SVG, with the diagonal.</summary>
    public static string Scatter(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        const int side = 360;
        const int margin = 40;
        var all = actual.Concat(predicted).Where(double.IsFinite).ToList();
        var min = all.Count == 0 ? 0 : all.Min();
        var max = all.Count == 0 ? 1 : all.Max();
        if (max - min < 1e-9)
        {
            max = min + 1;
        }

        double P(double v) => (v - min) / (max - min) * side;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{side + (2 * margin)}\" height=\"{side + (2 * margin)}\" role=\"img\" aria-label=\"predicted against true\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{margin}\" y=\"{margin}\" width=\"{side}\" height=\"{side}\" fill=\"none\" stroke=\"#9ca3af\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{margin}\" y1=\"{margin + side}\" x2=\"{margin + side}\" y2=\"{margin}\" stroke=\"#9ca3af\" stroke-dasharray=\"4\"/>");
        for (var i = 0; i < actual.Count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{margin + P(actual[i]):0.#}\" cy=\"{margin + side - P(predicted[i]):0.#}\" r=\"2.5\" fill=\"#2563eb\" fill-opacity=\"0.6\"/>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{margin}\" y=\"{margin + side + 16}\">true {min:0.#}</text><text x=\"{margin + side}\" y=\"{margin + side + 16}\" text-anchor=\"end\">{max:0.#}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{margin - 4}\" y=\"{margin + 4}\" text-anchor=\"end\">{max:0.#}</text><text x=\"{margin}\" y=\"{margin - 8}\">predicted</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A page shell around <paramref name="body"/> with the pages' one stylesheet.</summary>
    public static string Page(string title, string body) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
        Encode(title) + "</title>\n<style>\n" + PageStyle.Css + "\n</style>\n</head>\n<body>\n" + body + "\n</body>\n</html>\n";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
