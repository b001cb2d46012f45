namespace DatasetForge.Scraping.Fetching;

/// <summary>
/// The "not for AI" directives a server can give: <c>noai</c>, <c>noimageai</c> and <c>noimageindex</c>, in an
/// <c>X-Robots-Tag</c> header (photos and pages) or a <c>&lt;meta name="robots"&gt;</c> tag (pages), as img2dataset
/// honours them. A directive for a named user agent counts only when it names ours.
/// </summary>
public static class AiDirectives
{
    /// <summary>The directives honoured, in the order they are named in a reason.</summary>
    public static IReadOnlyList<string> Honoured { get; } = ["noai", "noimageai", "noimageindex"];

    /// <summary>The honoured directives among the values of an <c>X-Robots-Tag</c> header, as "X-Robots-Tag: noai"; null when none.</summary>
    public static string? FromHeader(IEnumerable<string> values, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(values);
        var found = new List<string>();
        foreach (var value in values)
        {
            var directives = value;
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !value[..colon].Contains(',', StringComparison.Ordinal)
                && !value[..colon].Trim().Equals("unavailable_after", StringComparison.OrdinalIgnoreCase))
            {
                // "googlebot: noindex": directives for one user agent only.
                if (!ForAgent(value[..colon], userAgent))
                {
                    continue;
                }

                directives = value[(colon + 1)..];
            }

            found.AddRange(Find(directives));
        }

        return Describe("X-Robots-Tag", found);
    }

    /// <summary>The honoured directives in the content of a robots meta tag named <paramref name="name"/>; null when none.</summary>
    public static string? FromMeta(string name, string? content, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (content is null || !(name.Equals("robots", StringComparison.OrdinalIgnoreCase) || ForAgent(name, userAgent)))
        {
            return null;
        }

        return Describe($"<meta name=\"{name.ToLowerInvariant()}\">", [.. Find(content)]);
    }

    private static IEnumerable<string> Find(string directives) =>
        directives.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.ToLowerInvariant())
            .Where(d => Honoured.Contains(d, StringComparer.Ordinal));

    private static bool ForAgent(string agent, string userAgent)
    {
        var name = agent.Trim().ToLowerInvariant();
        var product = userAgent.Split('/', 2)[0].Trim().ToLowerInvariant();
        return name == "*" || (name.Length > 0 && product.StartsWith(name, StringComparison.Ordinal));
    }

    private static string? Describe(string where, List<string> found) =>
        found.Count == 0 ? null : $"{where}: {string.Join(", ", found.Distinct(StringComparer.Ordinal).OrderBy(d => Honoured.ToList().IndexOf(d)))}";
}
