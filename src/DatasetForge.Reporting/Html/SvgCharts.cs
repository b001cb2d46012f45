using System.Globalization;
using System.Net;
using System.Text;

namespace DatasetForge.Reporting.Html;

/// <summary>Charts drawn as inline SVG, so the report needs no script, library or server.</summary>
internal static class SvgCharts
{
    private const int Height = 280;
    private const int Top = 40;
    private const int Bottom = 70;
    private const int Left = 48;
    private const int Right = 16;

    /// <summary>Colours that stay apart for readers with the common colour-vision deficiencies (Okabe-Ito).</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    /// <summary>
    /// A vertical grouped bar chart: one group of bars per category, one bar per series, with a legend and a y axis.
    /// </summary>
    public static string GroupedBars(
        string title, IReadOnlyList<string> categories, IReadOnlyList<string> series, Func<int, int, double> value)
    {
        var barWidth = series.Count > 3 ? 14 : 22;
        var groupWidth = (series.Count * barWidth) + 18;
        // Wide enough for the bars, the title and the legend on one line (about 7 px a character at 11-13 px).
        var legendWidth = series.Sum(name => 24 + (name.Length * 7));
        var width = Math.Max(420, Left + Right + new[] { categories.Count * groupWidth, legendWidth, title.Length * 8 }.Max());
        var plotHeight = Height - Top - Bottom;
        var max = 0.0;
        for (var c = 0; c < categories.Count; c++)
        {
            for (var s = 0; s < series.Count; s++)
            {
                max = Math.Max(max, value(c, s));
            }
        }

        var step = NiceStep(max);
        var axisMax = Math.Max(step, Math.Ceiling(max / step) * step);
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{width}\" height=\"{Height}\" viewBox=\"0 0 {width} {Height}\" role=\"img\" aria-label=\"{Encode(title)}\">"));
        svg.Append(Invariant($"<title>{Encode(title)}</title>"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"16\" class=\"chart-title\">{Encode(title)}</text>"));

        var legendX = Left;
        for (var s = 0; s < series.Count; s++)
        {
            svg.Append(Invariant($"<rect x=\"{legendX}\" y=\"24\" width=\"10\" height=\"10\" fill=\"{Colour(s)}\"/>"));
            svg.Append(Invariant($"<text x=\"{legendX + 14}\" y=\"33\" class=\"legend\">{Encode(series[s])}</text>"));
            legendX += 24 + (series[s].Length * 7);
        }

        for (var tick = 0.0; tick <= axisMax + 1e-9; tick += step)
        {
            var y = Top + plotHeight - (tick / axisMax * plotHeight);
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{width - Right}\" y2=\"{y:0.#}\" class=\"grid\"/>"));
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" class=\"tick\" text-anchor=\"end\">{tick:0.##}</text>"));
        }

        for (var c = 0; c < categories.Count; c++)
        {
            var x0 = Left + 9 + (c * groupWidth);
            for (var s = 0; s < series.Count; s++)
            {
                var v = value(c, s);
                var h = axisMax <= 0 ? 0 : v / axisMax * plotHeight;
                var x = x0 + (s * barWidth);
                svg.Append(Invariant($"<rect x=\"{x}\" y=\"{Top + plotHeight - h:0.#}\" width=\"{barWidth - 2}\" height=\"{h:0.#}\" fill=\"{Colour(s)}\">"));
                svg.Append(Invariant($"<title>{Encode(categories[c])}, {Encode(series[s])}: {v:0.##}</title></rect>"));
            }

            var label = categories[c].Length > 16 ? categories[c][..15] + "…" : categories[c];
            var cx = x0 + (series.Count * barWidth / 2.0);
            svg.Append(Invariant($"<text x=\"{cx:0.#}\" y=\"{Top + plotHeight + 14}\" class=\"tick\" text-anchor=\"end\" transform=\"rotate(-30 {cx:0.#} {Top + plotHeight + 14})\">{Encode(label)}<title>{Encode(categories[c])}</title></text>"));
        }

        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{width - Right}\" y2=\"{Top + plotHeight}\" class=\"axis\"/>"));
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static double NiceStep(double max)
    {
        if (max <= 0)
        {
            return 1;
        }

        var raw = max / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        return Math.Max(step, 1);
    }

    private static string Colour(int index) => Palette[index % Palette.Count];

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
