namespace DatasetForge.Core.Html;

/// <summary>
/// The one stylesheet of every page a person reads (the bias report and a run's evaluation page), inlined in each so a
/// page opens from disk with nothing else around it. Holds the charts' rules (<see cref="SvgCharts.Css"/>).
/// </summary>
public static class PageStyle
{
    /// <summary>The page rules: type, headings, tables (<c>td.n</c> for numbers), notes and warnings, image sheets, charts.</summary>
    public const string Css = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }
        h1 { margin-bottom: .2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
        .meta { color: #555; } .note { color: #666; font-size: 90%; }
        .warning { background: #fff4f0; border-left: 3px solid #a40000; padding: .4em .8em; }
        table { border-collapse: collapse; margin: .8em 0; } th, td { border: 1px solid #ddd; padding: 4px 8px; vertical-align: top; }
        th { background: #f4f4f4; text-align: left; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
        .scroll { max-width: 100%; overflow-x: auto; }
        ul.examples { margin: 0; padding-left: 1.2em; color: #555; }
        .sheet { display: flex; flex-wrap: wrap; gap: 6px; margin: .3em 0 1em; } .sheet img { width: 96px; height: 96px; object-fit: cover; image-rendering: pixelated; border: 1px solid #ccc; }
        .gallery { margin: .3em 0 .8em; } .gallery h4 { margin: .4em 0 .2em; font-weight: 600; }
        .gallery figure { display: inline-block; margin: 0 6px 6px 0; font-size: 11px; text-align: center; color: #555; vertical-align: top; } .gallery img { display: block; border: 1px solid #ccc; }
        .flagged { color: #a40000; font-weight: 600; } tr.flag td { background: #fff4f0; }
        .swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid #999; vertical-align: middle; }
        .big { font-size: 1.6em; font-weight: 600; margin-right: 1.5em; }
        .estimate { background: #f6f6fa; border-left: 3px solid #8a8aa8; padding: .5em .8em; } caption { text-align: left; color: #555; padding: .2em 0; }
        """ + "\n" + SvgCharts.Css;
}
