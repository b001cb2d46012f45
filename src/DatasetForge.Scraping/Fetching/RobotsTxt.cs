namespace DatasetForge.Scraping.Fetching;

/// <summary>
/// A parsed robots.txt: the group for our user agent (or <c>*</c>), with Allow/Disallow rules decided by the longest match,
/// <c>*</c> wildcards and <c>$</c> anchors, as in RFC 9309.
/// </summary>
public sealed class RobotsTxt
{
    private readonly List<(bool Allow, string Pattern)> _rules;

    private RobotsTxt(List<(bool Allow, string Pattern)> rules, TimeSpan? crawlDelay = null)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
    }

    /// <summary>How much of a robots.txt is parsed: RFC 9309 asks for at least 500 KiB; what follows is ignored.</summary>
    public const int MaxParsedBytes = 500 * 1024;

    /// <summary>The <c>Crawl-delay</c> of our group (seconds between requests; not in RFC 9309 but widely used), or null.</summary>
    public TimeSpan? CrawlDelay { get; }

    /// <summary>A robots.txt that allows everything (none found, or 4xx).</summary>
    public static RobotsTxt AllowAll { get; } = new([]);

    /// <summary>A robots.txt that disallows everything (the server failed with 5xx, as RFC 9309 advises).</summary>
    public static RobotsTxt DisallowAll { get; } = new([(false, "/")]);

    /// <summary>Parses <paramref name="content"/> for the product token of <paramref name="userAgent"/> (its part before '/').</summary>
    public static RobotsTxt Parse(string content, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(userAgent);
        var product = userAgent.Split('/', 2)[0].Trim().ToLowerInvariant();
        var specific = new List<(bool, string)>();
        var general = new List<(bool, string)>();
        TimeSpan? specificDelay = null;
        TimeSpan? generalDelay = null;
        var agents = new List<string>();
        var inRules = false;
        var matchedSpecific = false;
        foreach (var rawLine in content.Split('\n'))
        {
            var line = rawLine.Split('#', 2)[0].Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var field = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (field == "user-agent")
            {
                if (inRules)
                {
                    agents.Clear();
                    inRules = false;
                }

                agents.Add(value.ToLowerInvariant());
                continue;
            }

            if (field == "crawl-delay")
            {
                inRules = true;
                if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                    && seconds >= 0 && double.IsFinite(seconds))
                {
                    var delay = TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromDays(1).TotalSeconds));
                    if (ForUs(agents, product))
                    {
                        specificDelay = delay;
                        matchedSpecific = true;
                    }
                    else if (agents.Contains("*"))
                    {
                        generalDelay = delay;
                    }
                }

                continue;
            }

            if (field is not ("allow" or "disallow"))
            {
                continue;
            }

            inRules = true;
            if (value.Length == 0)
            {
                continue;
            }

            var rule = (field == "allow", value);
            if (ForUs(agents, product))
            {
                specific.Add(rule);
                matchedSpecific = true;
            }
            else if (agents.Contains("*"))
            {
                general.Add(rule);
            }
        }

        return matchedSpecific ? new RobotsTxt(specific, specificDelay) : new RobotsTxt(general, generalDelay);
    }

    private static bool ForUs(List<string> agents, string product) =>
        product.Length > 0 && agents.Any(a => a != "*" && product.StartsWith(a, StringComparison.Ordinal));

    /// <summary>Whether the path and query of <paramref name="url"/> may be fetched.</summary>
    public bool IsAllowed(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = Uri.UnescapeDataString(url.PathAndQuery);
        var best = -1;
        var allowed = true;
        foreach (var (allow, pattern) in _rules)
        {
            if (Matches(path, pattern) && (pattern.Length > best || (pattern.Length == best && allow)))
            {
                best = pattern.Length;
                allowed = allow;
            }
        }

        return allowed;
    }

    private static bool Matches(string path, string pattern)
    {
        var anchored = pattern.EndsWith('$');
        var parts = (anchored ? pattern[..^1] : pattern).Split('*');
        var first = Uri.UnescapeDataString(parts[0]);
        if (!path.StartsWith(first, StringComparison.Ordinal))
        {
            return false;
        }

        var position = first.Length;
        for (var i = 1; i < parts.Length; i++)
        {
            var part = Uri.UnescapeDataString(parts[i]);
            var found = path.IndexOf(part, position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + part.Length;
        }

        return !anchored || position == path.Length;
    }
}
