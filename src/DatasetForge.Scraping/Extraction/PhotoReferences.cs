using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace DatasetForge.Scraping.Extraction;

/// <summary>Finds the best photo URL of an element: img (srcset, lazy data-* attributes, src), picture, or CSS background-image.</summary>
public static partial class PhotoReferences
{
    private static readonly string[] LazySourceAttributes = ["data-src", "data-original", "data-lazy-src", "data-lazy", "data-bg", "data-background-image"];

    /// <summary>The photo's URL as written in the page (unresolved), or null when the element carries none.</summary>
    public static string? Find(IElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return element.LocalName switch
        {
            "img" => FromImage(element),
            "picture" => FromPicture(element),
            _ => Background(element.GetAttribute("style"))
                ?? Usable(element.GetAttribute("data-bg"))
                ?? Usable(element.GetAttribute("data-background-image"))
                ?? (element.QuerySelector("picture") is { } picture ? FromPicture(picture) : null)
                ?? (element.QuerySelector("img") is { } image ? FromImage(image) : null)
                ?? element.QuerySelectorAll("[style*='background']").Select(e => Background(e.GetAttribute("style"))).FirstOrDefault(u => u is not null),
        };
    }

    /// <summary>The largest candidate of a srcset (by width descriptor, else density), or null.</summary>
    public static string? Largest(string? srcset)
    {
        if (string.IsNullOrWhiteSpace(srcset))
        {
            return null;
        }

        string? best = null;
        var bestScore = double.MinValue;
        foreach (var candidate in srcset.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = candidate.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || Usable(parts[0]) is null)
            {
                continue;
            }

            var score = 1.0;
            if (parts.Length > 1 && parts[1].Length > 1
                && double.TryParse(parts[1][..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                // Widths are in pixels, densities in multiples of about 300 px; the two rarely mix in one srcset.
                score = parts[1][^1] switch
                {
                    'w' => value,
                    'x' => value * 1000,
                    _ => score,
                };
            }

            if (score > bestScore)
            {
                best = parts[0];
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>The URL of the first <c>background-image</c> / <c>background</c> in an inline style, or null.</summary>
    public static string? Background(string? style)
    {
        if (string.IsNullOrWhiteSpace(style))
        {
            return null;
        }

        var match = BackgroundUrl().Match(style);
        return match.Success ? Usable(match.Groups["url"].Value) : null;
    }

    private static string? FromImage(IElement image) =>
        Largest(image.GetAttribute("data-srcset"))
        ?? Largest(image.GetAttribute("srcset"))
        ?? LazySourceAttributes.Select(a => Usable(image.GetAttribute(a))).FirstOrDefault(u => u is not null)
        ?? Usable(image.GetAttribute("src"));

    private static string? FromPicture(IElement picture) =>
        picture.QuerySelectorAll("source")
            .Select(s => Largest(s.GetAttribute("data-srcset")) ?? Largest(s.GetAttribute("srcset")))
            .FirstOrDefault(u => u is not null)
        ?? (picture.QuerySelector("img") is { } image ? FromImage(image) : null);

    /// <summary>Null for empty values and for inline placeholders (data: URIs, javascript:, fragments).</summary>
    private static string? Usable(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed)
            || trimmed.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith('#')
            ? null
            : trimmed;
    }

    [GeneratedRegex("""background(?:-image)?\s*:[^;]*?url\(\s*(?<q>['"]?)(?<url>.*?)\k<q>\s*\)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BackgroundUrl();
}
