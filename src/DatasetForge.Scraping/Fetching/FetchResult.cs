using System.Net;

namespace DatasetForge.Scraping.Fetching;

/// <summary>The outcome of one polite GET: the body (or "not modified"), or why there is none (HTTP status, scope, robots.txt, size, timeout).</summary>
public sealed record FetchResult(Uri Url, Uri FinalUrl, HttpStatusCode? Status, string? ContentType, byte[]? Body, string? Error)
{
    /// <summary>Whether a body came back with a success status.</summary>
    public bool Succeeded => Error is null && Body is not null;

    /// <summary>Whether the server answered 304 to a conditional GET: what was stored before is still current.</summary>
    public bool NotModified => Error is null && Status == HttpStatusCode.NotModified;

    /// <summary>The ETag header of the response, for the next conditional GET.</summary>
    public string? ETag { get; init; }

    /// <summary>The Last-Modified header of the response, for the next conditional GET.</summary>
    public string? LastModified { get; init; }

    /// <summary>Set when robots.txt disallowed the URL and the manifest's <c>ignoreRobotsTxt</c> let it through anyway: the rule, in words.</summary>
    public string? RobotsOverride { get; init; }

    /// <summary>
    /// Set when the URL was not requested at all because the crawl chose not to (robots.txt disallows it, or it is outside the
    /// crawl scope): a page we did not fetch by choice, not one we failed to read.
    /// </summary>
    public bool Refused { get; init; }

    /// <summary>The "not for AI" directive of the response's <c>X-Robots-Tag</c> header, as "X-Robots-Tag: noai"; null when none.</summary>
    public string? NoAi { get; init; }

    public static FetchResult Failed(Uri url, Uri finalUrl, string error, HttpStatusCode? status = null) =>
        new(url, finalUrl, status, null, null, error);
}
