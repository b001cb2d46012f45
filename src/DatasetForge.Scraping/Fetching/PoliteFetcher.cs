using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace DatasetForge.Scraping.Fetching;

/// <summary>
/// GETs URLs the polite way: inside the crawl scope, as robots.txt allows, a per-host delay apart and at most a few at once per
/// host, redirects followed by hand (each hop checked again), 408/429/5xx/timeouts retried with backoff (Polly, honouring
/// Retry-After), conditional GET with ETag / Last-Modified, bodies capped in size. Safe to call from several tasks at once.
/// </summary>
internal sealed class PoliteFetcher
{
    private readonly HttpClient _client;
    private readonly ScrapeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<Attempt> _retry;
    private readonly ConcurrentDictionary<string, Lazy<Task<RobotsTxt>>> _robots = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hostSlots = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DateTimeOffset> _nextRequest = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HostThrottle> _throttles = new(StringComparer.OrdinalIgnoreCase);
    private int _requests;
    private int _notModified;

    public PoliteFetcher(HttpClient client, ScrapeOptions options, TimeProvider time, ILogger logger)
    {
        _client = client;
        _options = options;
        _time = time;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder<Attempt> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<Attempt>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.RetryDelay,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Transient is not null),
                // A server that says when to come back is believed, up to a cap; otherwise the exponential backoff applies.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } after
                    ? (TimeSpan?)(after > options.MaxRetryAfter ? options.MaxRetryAfter : after)
                    : null),
                OnRetry = args =>
                {
                    _logger.Retrying(args.Outcome.Result!.Url, args.RetryDelay, args.Outcome.Result.Transient!);
                    return ValueTask.CompletedTask;
                },
            });
        }

        _retry = builder.Build();
    }

    /// <summary>HTTP requests sent so far (robots.txt, retries and redirect hops included).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The longest delay the adaptive throttle has set for any host so far.</summary>
    public TimeSpan HighestDelay => _throttles.Values.Select(t => t.Highest).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>Requests answered 304 Not Modified so far.</summary>
    public int NotModifiedCount => Volatile.Read(ref _notModified);

    /// <summary>
    /// Why <paramref name="url"/> may not be fetched at all (scope, robots.txt), or null when it may; <c>Override</c> names the
    /// robots.txt rule that the policy ignored, when it did.
    /// </summary>
    public async Task<(string? Refusal, string? Override)> CheckAsync(Uri url, FetchPolicy policy, CancellationToken cancellationToken)
    {
        if (!policy.Scope.Allows(url))
        {
            return (policy.Scope.Refusal(url), null);
        }

        if (_options.RespectRobotsTxt && !(await RobotsForAsync(url, cancellationToken)).IsAllowed(url))
        {
            var rule = $"robots.txt of {url.GetLeftPart(UriPartial.Authority)} disallows {url.AbsoluteUri}";
            return policy.IgnoreRobots ? (null, rule + "; fetched anyway because the manifest sets ignoreRobotsTxt") : (rule, null);
        }

        return (null, null);
    }

    /// <summary>GETs <paramref name="url"/> with at most <paramref name="maxBytes"/> of body, conditionally when <paramref name="validators"/> are given.</summary>
    public async Task<FetchResult> GetAsync(
        Uri url, FetchPolicy policy, long maxBytes, string accept, Validators? validators, CancellationToken cancellationToken)
    {
        var current = url;
        string? robotsOverride = null;
        for (var hop = 0; ; hop++)
        {
            var (refusal, overridden) = await CheckAsync(current, policy, cancellationToken);
            if (refusal is not null)
            {
                return FetchResult.Failed(url, current, hop == 0 ? refusal : $"redirected to {current}, {refusal}") with { Refused = true };
            }

            robotsOverride ??= overridden;
            var attempt = await _retry.ExecuteAsync(
                static async (state, token) => await state.Fetcher.AttemptAsync(state.Url, state.Current, state.Policy, state.MaxBytes, state.Accept, state.Validators, truncate: false, token),
                (Fetcher: this, Url: url, Current: current, Policy: policy, MaxBytes: maxBytes, Accept: accept, Validators: hop == 0 ? validators : null),
                cancellationToken);
            if (attempt.Transient is { } transient)
            {
                var tries = _options.MaxRetries + 1;
                return FetchResult.Failed(url, current, $"{transient} for {current}" + (tries > 1 ? $" (after {tries} attempts)" : string.Empty), attempt.Status);
            }

            if (attempt.Location is null)
            {
                return attempt.Result! with { RobotsOverride = robotsOverride };
            }

            if (hop >= _options.MaxRedirects)
            {
                return FetchResult.Failed(url, current, $"more than {_options.MaxRedirects} redirects", attempt.Status);
            }

            current = attempt.Location;
        }
    }

    /// <summary>One request: a result, a redirect to follow, or a transient failure for the retry strategy.</summary>
    private async Task<Attempt> AttemptAsync(
        Uri original, Uri url, FetchPolicy policy, long maxBytes, string accept, Validators? validators, bool truncate, CancellationToken cancellationToken)
    {
        var slots = _hostSlots.GetOrAdd(url.Authority, _ => new SemaphoreSlim(policy.Concurrency, policy.Concurrency));
        await slots.WaitAsync(cancellationToken);
        try
        {
            var minDelay = DelayFor(url, policy);
            var throttle = policy.MaxDelay is { } maxDelay ? _throttles.GetOrAdd(url.Authority, _ => new HostThrottle(_options.AutoThrottleTargetConcurrency)) : null;
            await WaitForHostAsync(url, throttle?.Delay(minDelay, policy.MaxDelay!.Value) ?? minDelay, cancellationToken);
            var started = _time.GetTimestamp();
            void Observe(HttpStatusCode? status, TimeSpan? retryAfter) =>
                throttle?.Observe(_time.GetElapsedTime(started), (int?)status, retryAfter, minDelay, policy.MaxDelay!.Value);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.UserAgent.ParseAdd(_options.UserAgent);
                request.Headers.Accept.ParseAdd(accept);
                if (validators is { Any: true })
                {
                    if (!string.IsNullOrEmpty(validators.ETag))
                    {
                        request.Headers.TryAddWithoutValidation("If-None-Match", validators.ETag);
                    }

                    if (!string.IsNullOrEmpty(validators.LastModified))
                    {
                        request.Headers.TryAddWithoutValidation("If-Modified-Since", validators.LastModified);
                    }
                }

                Interlocked.Increment(ref _requests);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = response.StatusCode;
                Observe(status, RetryAfter(response));
                if (status == HttpStatusCode.NotModified)
                {
                    Interlocked.Increment(ref _notModified);
                    // A site may have added noai since the copy was kept: the 304's own X-Robots-Tag counts like a 200's.
                    return new Attempt(url, new FetchResult(original, url, status, null, null, null)
                    {
                        ETag = response.Headers.ETag?.ToString() ?? validators?.ETag,
                        LastModified = response.Content.Headers.LastModified?.ToString("R") ?? validators?.LastModified,
                        NoAi = NoAiOf(response),
                    }, null, null, status, null);
                }

                if ((int)status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    return new Attempt(url, null, new Uri(url, location), null, status, null);
                }

                if (status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500)
                {
                    return new Attempt(url, null, null, $"HTTP {(int)status} {response.ReasonPhrase}", status, RetryAfter(response));
                }

                if (!response.IsSuccessStatusCode)
                {
                    return new Attempt(url, FetchResult.Failed(original, url, $"HTTP {(int)status} {response.ReasonPhrase} for {url}", status), null, null, status, null);
                }

                var body = await ReadBodyAsync(original, url, response, maxBytes, truncate, timeout.Token);
                return new Attempt(url, body with { NoAi = NoAiOf(response) }, null, null, status, null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Observe(null, null);
                return new Attempt(url, null, null, $"timed out after {_options.RequestTimeout.TotalSeconds:0.#} s", null, null);
            }
            catch (HttpRequestException ex)
            {
                Observe(null, null);
                return new Attempt(url, null, null, $"connection failed ({ex.Message})", null, null);
            }
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>The "not for AI" directive of an answer's <c>X-Robots-Tag</c> headers (a 200's or a 304's) for our agent; null when none.</summary>
    private string? NoAiOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Robots-Tag", out var tags) ? AiDirectives.FromHeader(tags, _options.UserAgent) : null;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Reads the body, up to <paramref name="maxBytes"/>: a longer body fails, or, with <paramref name="truncate"/>, is cut there.</summary>
    private static async Task<FetchResult> ReadBodyAsync(
        Uri original, Uri url, HttpResponseMessage response, long maxBytes, bool truncate, CancellationToken cancellationToken)
    {
        var contentType = response.Content.Headers.ContentType?.ToString();
        if (!truncate && response.Content.Headers.ContentLength is { } length && length > maxBytes)
        {
            return FetchResult.Failed(original, url, $"{url} is {length} bytes, more than the limit of {maxBytes}", response.StatusCode);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes && truncate)
            {
                buffer.Write(chunk, 0, (int)(maxBytes - buffer.Length));
                break;
            }

            if (buffer.Length + read > maxBytes)
            {
                return FetchResult.Failed(original, url, $"{url} is more than the limit of {maxBytes} bytes", response.StatusCode);
            }

            buffer.Write(chunk, 0, read);
        }

        return new FetchResult(original, url, response.StatusCode, contentType, buffer.ToArray(), null)
        {
            ETag = response.Headers.ETag?.ToString(),
            LastModified = response.Content.Headers.LastModified?.ToString("R"),
        };
    }

    private Task<RobotsTxt> RobotsForAsync(Uri url, CancellationToken cancellationToken)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        // One fetch per origin even when several downloads ask at once.
        return _robots.GetOrAdd(origin, o => new Lazy<Task<RobotsTxt>>(() => FetchRobotsAsync(o, cancellationToken))).Value;
    }

    /// <summary>
    /// Fetches and parses an origin's robots.txt (RFC 9309): its first <see cref="RobotsTxt.MaxParsedBytes"/> are parsed (a longer
    /// file is cut there, at the last whole line), up to five redirects are followed, 4xx means "no robots.txt" (allow all), and
    /// anything else that keeps us from reading it (5xx, a network error or timeout, too many redirects, a body that is not
    /// text) disallows everything: a failure to read robots.txt never widens access.
    /// </summary>
    private async Task<RobotsTxt> FetchRobotsAsync(string origin, CancellationToken cancellationToken)
    {
        var url = new Uri(origin + "/robots.txt");
        for (var hop = 0; hop <= 5; hop++)
        {
            // robots.txt itself is fetched in the open scope of its own origin, by the run's default delay and concurrency.
            var policy = new FetchPolicy(new CrawlScope([url.Authority]), _options.PerHostDelay, _options.PerHostConcurrency, IgnoreRobots: true);
            var attempt = await _retry.ExecuteAsync(
                static async (state, token) => await state.Fetcher.AttemptAsync(state.Url, state.Url, state.Policy, RobotsTxt.MaxParsedBytes, "text/plain", null, truncate: true, token),
                (Fetcher: this, Url: url, Policy: policy), cancellationToken);
            switch (attempt)
            {
                case { Location: { } location } when location.Scheme is "http" or "https":
                    url = location;
                    continue;
                case { Result: { Succeeded: true, Body: { } body } }:
                    return ParseRobots(origin, body);
                case { Transient: null, Status: { } status } when (int)status is >= 400 and < 500:
                    return RobotsTxt.AllowAll;
                default:
                    // 5xx (or a server that never answers) means "assume complete disallow" (RFC 9309 2.3.1.4), and so does
                    // every other way of not getting the file.
                    _logger.RobotsUnreadable(origin, attempt.Transient ?? attempt.Result?.Error ?? $"HTTP {(int?)attempt.Status}");
                    return RobotsTxt.DisallowAll;
            }
        }

        _logger.RobotsUnreadable(origin, "more than 5 redirects");
        return RobotsTxt.DisallowAll;
    }

    private RobotsTxt ParseRobots(string origin, byte[] body)
    {
        var length = body.Length;
        if (length >= RobotsTxt.MaxParsedBytes)
        {
            // Cut at the last whole line: a rule cut in half ("Disallow: /pri") would mean something else.
            var lastBreak = Array.LastIndexOf(body, (byte)'\n');
            length = lastBreak < 0 ? 0 : lastBreak + 1;
        }

        if (Array.IndexOf(body, (byte)0, 0, length) >= 0)
        {
            _logger.RobotsUnreadable(origin, "the file is not text");
            return RobotsTxt.DisallowAll;
        }

        return RobotsTxt.Parse(System.Text.Encoding.UTF8.GetString(body, 0, length), _options.UserAgent);
    }

    /// <summary>The robots.txt of <paramref name="url"/>'s origin when it has already been read; null otherwise.</summary>
    private RobotsTxt? KnownRobots(Uri url) =>
        _robots.TryGetValue(url.GetLeftPart(UriPartial.Authority), out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully
            ? lazy.Value.Result
            : null;

    /// <summary>
    /// The delay between two requests to <paramref name="url"/>'s host: the manifest's (or the run's) delay, or the host's
    /// robots.txt <c>Crawl-delay</c> when that is longer (up to <see cref="ScrapeOptions.MaxCrawlDelay"/>).
    /// </summary>
    private TimeSpan DelayFor(Uri url, FetchPolicy policy)
    {
        if (!_options.RespectRobotsTxt || KnownRobots(url)?.CrawlDelay is not { } crawlDelay)
        {
            return policy.Delay;
        }

        var capped = crawlDelay > _options.MaxCrawlDelay ? _options.MaxCrawlDelay : crawlDelay;
        return capped > policy.Delay ? capped : policy.Delay;
    }

    private async Task WaitForHostAsync(Uri url, TimeSpan delay, CancellationToken cancellationToken)
    {
        // Reserve the next slot under the lock, then wait outside it: concurrent requests to one host still keep the delay apart.
        TimeSpan wait;
        lock (_nextRequest)
        {
            var now = _time.GetUtcNow();
            var slot = _nextRequest.TryGetValue(url.Authority, out var next) && next > now ? next : now;
            _nextRequest[url.Authority] = slot + delay;
            wait = slot - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken);
        }
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

    /// <summary>What one request gave: a final result, a redirect target, or a transient failure (with the server's Retry-After).</summary>
    private sealed record Attempt(Uri Url, FetchResult? Result, Uri? Location, string? Transient, HttpStatusCode? Status, TimeSpan? RetryAfter);
}
