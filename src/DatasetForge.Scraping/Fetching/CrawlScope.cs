using DatasetForge.Core.Definitions;

namespace DatasetForge.Scraping.Fetching;

/// <summary>The hosts a source's crawl may fetch from: the manifest's allowed hosts, or else the hosts of its start URLs.</summary>
public sealed class CrawlScope
{
    private readonly HashSet<string> _hosts;

    public CrawlScope(IEnumerable<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        _hosts = new HashSet<string>(hosts.Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0), StringComparer.Ordinal);
    }

    /// <summary>The allowed hosts, lower case.</summary>
    public IReadOnlyCollection<string> Hosts => _hosts;

    /// <summary>The scope of a manifest.</summary>
    public static CrawlScope For(SourceManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new CrawlScope(manifest.AllowedHosts.Count > 0 ? manifest.AllowedHosts : manifest.Urls.Select(u => u.Host));
    }

    /// <summary>Whether <paramref name="url"/> is an http(s) URL on an allowed host (written as <c>host</c> or <c>host:port</c>).</summary>
    public bool Allows(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri && url.Scheme is "http" or "https"
            && (_hosts.Contains(url.Host.ToLowerInvariant()) || _hosts.Contains(url.Authority.ToLowerInvariant()));
    }

    /// <summary>Why <paramref name="url"/> is refused, in words for a decision's reason.</summary>
    public string Refusal(Uri url) =>
        $"off-scope: {url} is not on an allowed host ({string.Join(", ", _hosts.Order(StringComparer.Ordinal))})";
}
