using System.Net;

namespace DatasetForge.Scraping.Fetching;

/// <summary>The outcome of one polite GET: the body, or why there is none (HTTP status, scope, robots.txt, size, timeout).</summary>
public sealed record FetchResult(Uri Url, Uri FinalUrl, HttpStatusCode? Status, string? ContentType, byte[]? Body, string? Error)
{
    /// <summary>Whether a body came back with a success status.</summary>
    public bool Succeeded => Error is null && Body is not null;

    public static FetchResult Failed(Uri url, Uri finalUrl, string error, HttpStatusCode? status = null) =>
        new(url, finalUrl, status, null, null, error);
}
