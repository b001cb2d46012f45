using System.Reflection;

namespace DatasetForge.Scraping;

/// <summary>How politely and how far the scrape stage fetches. Defaults suit a scheduled crawl of public staff pages.</summary>
public sealed class ScrapeOptions
{
    /// <summary>The User-Agent sent with every request and matched against robots.txt groups.</summary>
    public static readonly string DefaultUserAgent = $"DatasetForge/{ProductVersion} (+https://github.com/datasetforge/datasetforge)";

    /// <summary>The product version (for example <c>1.0.0</c>), as <c>forge --version</c> prints it without the commit.</summary>
    public static string ProductVersion =>
        (typeof(ScrapeOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>The User-Agent header. The default is <see cref="DefaultUserAgent"/>, which names the tool and where to read about it.</summary>
    public string UserAgent { get; init; } = DefaultUserAgent;

    /// <summary>The least time between two requests to the same host. The default is 1 second; zero turns the delay off.</summary>
    public TimeSpan PerHostDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests in flight at once to one host. The default is 2; a manifest's <c>concurrency</c> overrides it per source.</summary>
    public int PerHostConcurrency { get; init; } = 2;

    /// <summary>
    /// Photo downloads and profile pages in flight at once across all hosts (each host still keeps its own limit and delay).
    /// The default is 8.
    /// </summary>
    public int MaxParallelFetches { get; init; } = 8;

    /// <summary>The longest Retry-After (of a 429 or 503) believed; longer waits are cut to this. The default is 60 seconds.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest photo accepted, in bytes. The default is 20 MB; larger ones are recorded as failed downloads.</summary>
    public long MaxPhotoBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>The largest HTML page read, in bytes. The default is 5 MB.</summary>
    public long MaxPageBytes { get; init; } = 5L * 1024 * 1024;

    /// <summary>How long one request (or one browser page load) may take. The default is 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after a timeout, a connection error, 408, 429 or 5xx (after the server's Retry-After when it sends one). The default is 2; zero disables retries.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>The wait before the first retry; it doubles with each further retry. The default is 1 second.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Redirects followed per request, each checked against scope and robots.txt. The default is 5.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>The Chromium that renders pages of profiles with <c>browser: true</c>. The default is Debian's <c>/usr/bin/chromium</c>.</summary>
    public string ChromiumPath { get; init; } = "/usr/bin/chromium";

    /// <summary>Whether robots.txt is fetched and obeyed. The default is true.</summary>
    public bool RespectRobotsTxt { get; init; } = true;

    /// <summary>
    /// The longest robots.txt <c>Crawl-delay</c> obeyed: a host that asks for more gets this delay between requests. The
    /// default is 30 seconds. A Crawl-delay longer than the source's own delay is always honoured up to this bound.
    /// </summary>
    public TimeSpan MaxCrawlDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Adapt each host's delay to the server as Scrapy's AutoThrottle does: it follows the latency (divided by
    /// <see cref="AutoThrottleTargetConcurrency"/>), doubles on 5xx and timeouts, and jumps to the Retry-After of a 429 or
    /// 503, always between the source's <c>delaySeconds</c> and its <c>maxDelaySeconds</c> (or <see cref="MaxDelay"/>).
    /// The default is true.
    /// </summary>
    public bool AutoThrottle { get; init; } = true;

    /// <summary>The requests the adaptive throttle aims to keep in flight at once per host. The default is 1.0 (Scrapy's).</summary>
    public double AutoThrottleTargetConcurrency { get; init; } = 1.0;

    /// <summary>The longest delay the adaptive throttle slows a host to, when the manifest sets no <c>maxDelaySeconds</c>. The default is 60 seconds.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Persons saved per batch; a crash loses at most one batch of work. The default is 25.</summary>
    public int BatchSize { get; init; } = 25;

    /// <summary>
    /// Download photos again even when the page still gives the URL already stored and the server gave no validator
    /// (ETag / Last-Modified) to ask with. The default is false: such a photo is not fetched again. Photos with a validator
    /// are always re-checked with a conditional GET, so a photo replaced in place is noticed at the cost of a 304.
    /// </summary>
    public bool RecheckPhotos { get; init; }

    /// <summary>
    /// How long the frontier of an interrupted crawl (killed, stopped, crashed) stays resumable: the next crawl of the source
    /// within this time since the frontier's last answer replays what was fetched and fetches only the rest; a later one
    /// drops it and starts afresh. The default is 7 days.
    /// </summary>
    public TimeSpan FrontierMaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Throws when a setting is unusable.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(UserAgent))
        {
            throw new ArgumentException("ScrapeOptions.UserAgent must not be empty.", nameof(UserAgent));
        }

        if (PerHostDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PerHostDelay), PerHostDelay, "ScrapeOptions.PerHostDelay must not be negative.");
        }

        if (MaxPhotoBytes <= 0 || MaxPageBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPhotoBytes), "ScrapeOptions.MaxPhotoBytes and MaxPageBytes must be positive.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "ScrapeOptions.RequestTimeout must be positive.");
        }

        if (MaxRetries < 0 || RetryDelay < TimeSpan.Zero || MaxRedirects < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), "ScrapeOptions.MaxRetries, RetryDelay and MaxRedirects must not be negative.");
        }

        if (PerHostConcurrency < 1 || MaxParallelFetches < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PerHostConcurrency), "ScrapeOptions.PerHostConcurrency and MaxParallelFetches must be at least 1.");
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAfter), MaxRetryAfter, "ScrapeOptions.MaxRetryAfter must not be negative.");
        }

        if (MaxDelay < TimeSpan.Zero || !(AutoThrottleTargetConcurrency > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), "ScrapeOptions.MaxDelay must not be negative and AutoThrottleTargetConcurrency must be positive.");
        }

        if (MaxCrawlDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCrawlDelay), MaxCrawlDelay, "ScrapeOptions.MaxCrawlDelay must not be negative.");
        }

        if (FrontierMaxAge < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FrontierMaxAge), FrontierMaxAge, "ScrapeOptions.FrontierMaxAge must not be negative.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "ScrapeOptions.BatchSize must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(ChromiumPath))
        {
            throw new ArgumentException("ScrapeOptions.ChromiumPath must not be empty.", nameof(ChromiumPath));
        }
    }
}
