using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace DatasetForge.Scraping.Fetching;

/// <summary>
/// GETs one URL at a time the polite way: inside the crawl scope, as robots.txt allows, a per-host delay apart,
/// redirects followed by hand (each hop checked again), transient failures retried with backoff, bodies capped in size.
/// </summary>
internal sealed class PoliteFetcher(HttpClient client, ScrapeOptions options, TimeProvider time, ILogger logger)
{
    private readonly Dictionary<string, RobotsTxt> _robots = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> _nextRequest = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why <paramref name="url"/> may not be fetched at all (scope, robots.txt), or null when it may.</summary>
    public async Task<string?> CheckAsync(Uri url, CrawlScope scope, CancellationToken cancellationToken)
    {
        if (!scope.Allows(url))
        {
            return scope.Refusal(url);
        }

        if (options.RespectRobotsTxt && !(await RobotsForAsync(url, cancellationToken)).IsAllowed(url))
        {
            return $"robots.txt of {url.GetLeftPart(UriPartial.Authority)} disallows {url.PathAndQuery}";
        }

        return null;
    }

    /// <summary>GETs <paramref name="url"/> with at most <paramref name="maxBytes"/> of body.</summary>
    public async Task<FetchResult> GetAsync(Uri url, CrawlScope scope, long maxBytes, string accept, CancellationToken cancellationToken)
    {
        var current = url;
        for (var hop = 0; ; hop++)
        {
            if (await CheckAsync(current, scope, cancellationToken) is { } refusal)
            {
                return FetchResult.Failed(url, current, hop == 0 ? refusal : $"redirected to {current}, {refusal}");
            }

            var result = await GetOnceAsync(url, current, maxBytes, accept, cancellationToken);
            if (result.Location is null)
            {
                return result.Result!;
            }

            if (hop >= options.MaxRedirects)
            {
                return FetchResult.Failed(url, current, $"more than {options.MaxRedirects} redirects", result.Status);
            }

            current = result.Location;
        }
    }

    private async Task<(FetchResult? Result, Uri? Location, HttpStatusCode? Status)> GetOnceAsync(
        Uri original, Uri url, long maxBytes, string accept, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            string transient;
            await WaitForHostAsync(url, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.UserAgent.ParseAdd(options.UserAgent);
                request.Headers.Accept.ParseAdd(accept);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = response.StatusCode;
                if ((int)status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    return (null, new Uri(url, location), status);
                }

                if (status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500)
                {
                    transient = $"HTTP {(int)status} {response.ReasonPhrase}";
                }
                else if (!response.IsSuccessStatusCode)
                {
                    return (FetchResult.Failed(original, url, $"HTTP {(int)status} {response.ReasonPhrase} for {url}", status), null, status);
                }
                else
                {
                    return (await ReadBodyAsync(original, url, response, maxBytes, timeout.Token), null, status);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                transient = $"timed out after {options.RequestTimeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException ex)
            {
                transient = $"connection failed ({ex.Message})";
            }

            if (attempt >= options.MaxRetries)
            {
                return (FetchResult.Failed(original, url, $"{transient} for {url}" + (attempt > 0 ? $" (after {attempt + 1} attempts)" : string.Empty)), null, null);
            }

            var delay = options.RetryDelay * Math.Pow(2, attempt);
            logger.Retrying(url, delay, transient);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    private static async Task<FetchResult> ReadBodyAsync(Uri original, Uri url, HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        var contentType = response.Content.Headers.ContentType?.ToString();
        if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
        {
            return FetchResult.Failed(original, url, $"{url} is {length} bytes, more than the limit of {maxBytes}", response.StatusCode);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return FetchResult.Failed(original, url, $"{url} is more than the limit of {maxBytes} bytes", response.StatusCode);
            }

            buffer.Write(chunk, 0, read);
        }

        return new FetchResult(original, url, response.StatusCode, contentType, buffer.ToArray(), null);
    }

    private async Task<RobotsTxt> RobotsForAsync(Uri url, CancellationToken cancellationToken)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        if (_robots.TryGetValue(origin, out var cached))
        {
            return cached;
        }

        var robotsUrl = new Uri(origin + "/robots.txt");
        var result = await GetOnceAsync(robotsUrl, robotsUrl, 512 * 1024, "text/plain", cancellationToken);
        var robots = result switch
        {
            { Result: { Succeeded: true, Body: { } body } } => RobotsTxt.Parse(System.Text.Encoding.UTF8.GetString(body), options.UserAgent),
            // 5xx (or a server that never answers) means "assume complete disallow" (RFC 9309 2.3.1.4).
            { Result.Status: { } status } when (int)status >= 500 => RobotsTxt.DisallowAll,
            _ => RobotsTxt.AllowAll,
        };
        _robots[origin] = robots;
        return robots;
    }

    private async Task WaitForHostAsync(Uri url, CancellationToken cancellationToken)
    {
        var host = url.Authority;
        var now = time.GetUtcNow();
        if (_nextRequest.TryGetValue(host, out var next) && next > now)
        {
            await Task.Delay(next - now, time, cancellationToken);
            now = time.GetUtcNow();
        }

        _nextRequest[host] = now + options.PerHostDelay;
    }

    /// <summary>The handler used when the caller gives none: no automatic redirects (each hop is checked here), decompression on.</summary>
    public static HttpMessageHandler CreateDefaultHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
    };

    /// <summary>Whether a Content-Type header names an image.</summary>
    public static bool IsImageContentType(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType is { } media && media.StartsWith("image/", StringComparison.OrdinalIgnoreCase);
}
