using System.Globalization;
using System.Net;
using System.Text;

namespace DatasetForge.Core.Html;

/// <summary>
/// The charts of every page a person reads (the report, the evaluation page, the learning-curve file), drawn as inline
/// SVG so a page needs no script, library or server. Styled by <see cref="Css"/>, which <see cref="PageStyle.Css"/> holds
/// (a standalone SVG file embeds it).
/// </summary>
public static class SvgCharts
{
    private const int Height = 280;
    private const int Top = 40;
    private const int Bottom = 70;
    private const int Left = 48;
    private const int Right = 16;

    /// <summary>The charts' rules: part of <see cref="PageStyle.Css"/>, and embedded in a standalone SVG file.</summary>
    public const string Css = """
        .chart { display: block; margin: .8em 0; font: 11px system-ui, sans-serif; max-width: 100%; height: auto; }
        .chart .chart-title { font-weight: 600; font-size: 13px; } .chart .grid { stroke: #eee; } .chart .axis { stroke: #999; }
        .chart .tick, .chart .legend, .chart .axis-label { fill: #444; } .chart .series { fill: none; stroke-width: 2; }
        .charts { display: flex; flex-wrap: wrap; gap: 0 24px; }
        """;

    /// <summary>Colours that stay apart for readers with the common colour-vision deficiencies (Okabe-Ito).</summary>
    public static IReadOnlyList<string> Palette { get; } = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    /// <summary>
    /// A vertical grouped bar chart: one group of bars per category, one bar per series, with a legend and a y axis.
    /// </summary>
    public static string GroupedBars(
        string title, IReadOnlyList<string> categories, IReadOnlyList<string> series, Func<int, int, double> value)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(value);
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

        // Counts: ticks are whole numbers.
        var step = Math.Max(1, NiceStep(max, 4));
        var axisMax = Math.Max(step, Math.Ceiling(max / step) * step);
        var svg = new StringBuilder();
        Open(svg, title, width, Height, Left);
        Legend(svg, series.Select((name, s) => (name, Colour(s), false)).ToList(), Left, 24, lines: false);

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

    /// <summary>
    /// A line chart over whole-number x values (epochs): ticks and labels on both axes, one line per series with a
    /// legend, a dot per point (so a one-point series still shows). Values that are not finite are left out.
    /// </summary>
    /// <param name="title">Above the chart.</param>
    /// <param name="xLabel">Under the x axis, e.g. "epoch".</param>
    /// <param name="yLabel">Along the y axis, e.g. "loss".</param>
    /// <param name="series">The lines, in legend order.</param>
    /// <param name="yRange">A fixed y range (e.g. 0 to 1 for accuracy); null fits the data.</param>
    /// <param name="yFormat">How a y tick reads (e.g. "0%"); null picks decimals to suit the step.</param>
    public static string Lines(
        string title,
        string xLabel,
        string yLabel,
        IReadOnlyList<LineSeries> series,
        (double Min, double Max)? yRange = null,
        string? yFormat = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(series);
        const int width = 500;
        const int height = 300;
        const int top = 48;
        const int bottom = 44;
        const int left = 58;
        const int right = 16;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y)).ToList();
        var xMin = points.Count == 0 ? 1 : points.Min(p => p.X);
        var xMax = points.Count == 0 ? 2 : points.Max(p => p.X);
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        double yMin, yMax;
        if (yRange is { } fixedRange)
        {
            (yMin, yMax) = fixedRange;
        }
        else
        {
            yMin = points.Count == 0 ? 0 : points.Min(p => p.Y);
            yMax = points.Count == 0 ? 1 : points.Max(p => p.Y);
            if (yMax - yMin < 1e-9)
            {
                (yMin, yMax) = (yMin - 0.5, yMax + 0.5);
            }

            // Losses start at zero when that costs less than half the height: the eye reads a ratio, not a zoom.
            if (yMin > 0 && yMin < (yMax - yMin))
            {
                yMin = 0;
            }
        }

        var yStep = NiceStep(yMax - yMin, 5);
        var yLow = Math.Floor((yMin / yStep) + 1e-9) * yStep;
        var yHigh = Math.Ceiling((yMax / yStep) - 1e-9) * yStep;
        if (yHigh <= yLow)
        {
            yHigh = yLow + yStep;
        }

        var xStep = Math.Max(1, NiceStep(xMax - xMin, 8));
        double X(double x) => left + ((x - xMin) / (xMax - xMin) * plotWidth);
        double Y(double y) => top + plotHeight - ((y - yLow) / (yHigh - yLow) * plotHeight);
        var decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(yStep) - 1e-9));
        var format = yFormat ?? (decimals == 0 ? "0" : "0." + new string('0', decimals));

        var svg = new StringBuilder();
        Open(svg, title, width, height, left);
        Legend(svg, series.Select((s, i) => (s.Name, Colour(i), s.Dashed)).ToList(), left, 24, lines: true);
        for (var i = 0; ; i++)
        {
            var tick = yLow + (i * yStep);
            if (tick > yHigh + (yStep * 1e-6))
            {
                break;
            }

            var y = Y(tick);
            svg.Append(Invariant($"<line x1=\"{left}\" y1=\"{y:0.#}\" x2=\"{left + plotWidth}\" y2=\"{y:0.#}\" class=\"grid\"/>"));
            svg.Append(Invariant($"<text x=\"{left - 6}\" y=\"{y + 4:0.#}\" class=\"tick\" text-anchor=\"end\">{tick.ToString(format, CultureInfo.InvariantCulture)}</text>"));
        }

        var firstTick = Math.Ceiling(xMin / xStep) * xStep;
        for (var tick = firstTick; tick <= xMax + 1e-9; tick += xStep)
        {
            var x = X(tick);
            svg.Append(Invariant($"<line x1=\"{x:0.#}\" y1=\"{top + plotHeight}\" x2=\"{x:0.#}\" y2=\"{top + plotHeight + 4}\" class=\"axis\"/>"));
            svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{top + plotHeight + 16}\" class=\"tick\" text-anchor=\"middle\">{tick:0}</text>"));
        }

        svg.Append(Invariant($"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotHeight}\" class=\"axis\"/>"));
        svg.Append(Invariant($"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{left + plotWidth}\" y2=\"{top + plotHeight}\" class=\"axis\"/>"));
        svg.Append(Invariant($"<text x=\"{left + (plotWidth / 2)}\" y=\"{height - 6}\" class=\"axis-label\" text-anchor=\"middle\">{Encode(xLabel)}</text>"));
        var middle = top + (plotHeight / 2);
        svg.Append(Invariant($"<text x=\"14\" y=\"{middle}\" class=\"axis-label\" text-anchor=\"middle\" transform=\"rotate(-90 14 {middle})\">{Encode(yLabel)}</text>"));

        for (var s = 0; s < series.Count; s++)
        {
            var finite = series[s].Points.Where(p => double.IsFinite(p.Y)).ToList();
            if (finite.Count == 0)
            {
                continue;
            }

            var colour = Colour(s);
            var dash = series[s].Dashed ? " stroke-dasharray=\"6 4\"" : string.Empty;
            var path = string.Join(" ", finite.Select(p => Invariant($"{X(p.X):0.#},{Y(p.Y):0.#}")));
            svg.Append(Invariant($"<polyline class=\"series\" stroke=\"{colour}\"{dash} points=\"{path}\"><title>{Encode(series[s].Name)}</title></polyline>"));
            foreach (var p in finite)
            {
                svg.Append(Invariant($"<circle cx=\"{X(p.X):0.#}\" cy=\"{Y(p.Y):0.#}\" r=\"2.5\" fill=\"{colour}\"><title>{Encode(series[s].Name)}, {Encode(xLabel)} {p.X:0}: {p.Y.ToString(format == "0%" ? "0.0%" : "0.####", CultureInfo.InvariantCulture)}</title></circle>"));
            }
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A tick step of 1, 2 or 5 times a power of ten that cuts <paramref name="span"/> in about <paramref name="parts"/>.</summary>
    public static double NiceStep(double span, int parts)
    {
        if (!(span > 0) || parts < 1)
        {
            return 1;
        }

        var raw = span / parts;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        return new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw * (1 - 1e-9));
    }

    private static void Open(StringBuilder svg, string title, int width, int height, int titleX)
    {
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{Encode(title)}\">"));
        svg.Append(Invariant($"<title>{Encode(title)}</title>"));
        svg.Append(Invariant($"<text x=\"{titleX}\" y=\"16\" class=\"chart-title\">{Encode(title)}</text>"));
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<(string Name, string Colour, bool Dashed)> entries, int x, int y, bool lines)
    {
        foreach (var (name, colour, dashed) in entries)
        {
            if (lines)
            {
                var dash = dashed ? " stroke-dasharray=\"4 3\"" : string.Empty;
                svg.Append(Invariant($"<line x1=\"{x}\" y1=\"{y + 5}\" x2=\"{x + 18}\" y2=\"{y + 5}\" stroke=\"{colour}\" stroke-width=\"3\"{dash}/>"));
                svg.Append(Invariant($"<text x=\"{x + 22}\" y=\"{y + 9}\" class=\"legend\">{Encode(name)}</text>"));
                x += 34 + (name.Length * 7);
            }
            else
            {
                svg.Append(Invariant($"<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{colour}\"/>"));
                svg.Append(Invariant($"<text x=\"{x + 14}\" y=\"{y + 9}\" class=\"legend\">{Encode(name)}</text>"));
                x += 24 + (name.Length * 7);
            }
        }
    }

    private static string Colour(int index) => Palette[index % Palette.Count];

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
