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

    public static FetchResult Failed(Uri url, Uri finalUrl, string error, HttpStatusCode? status = null) =>
        new(url, finalUrl, status, null, null, error);
}
