using DatasetForge.Core.Definitions;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Scraping.Tests.Support;
using DatasetForge.Testing;
using Microsoft.AspNetCore.Http;

namespace DatasetForge.Scraping.Tests.Profiles;

/// <summary>
/// The adaptive per-host delay (Scrapy's AutoThrottle) against a slow and a rate-limiting local server: the delays it
/// computes are asserted (the run's highestDelayMs and the waits asked of the clock), never the wall-clock time.
/// </summary>
public sealed class AutoThrottleTests : IAsyncLifetime
{
    private static readonly SelectorSet Cards = new() { Item = ".card", Name = "h3", Photo = "img" };
    private readonly TempWorkspace _temp = new(DemoScrape.DatasetName);
    private FixtureServer _site = null!;

    public async Task InitializeAsync() => _site = await FixtureServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Scrape_SlowServer_DelayFollowsTheLatencyWithinTheMaximum()
    {
        Team("ann", "ben", "cem");
        foreach (var name in new[] { "ann", "ben", "cem" })
        {
            _site.Handle($"/p/{name}.jpg", async context =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(400));
                context.Response.ContentType = "image/jpeg";
                await context.Response.Body.WriteAsync(FixtureScrape.Jpeg(name));
            });
        }

        var time = new RecordingTimeProvider();
        var options = new ScrapeOptions { PerHostDelay = TimeSpan.Zero, RetryDelay = TimeSpan.Zero, MaxParallelFetches = 1, PerHostConcurrency = 1 };

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards), options, time);

        result.Counts[ScrapeCounts.Downloaded].ShouldBe(3);
        // The delay between two request starts follows the latency (400 ms), though the source's own delay is zero.
        result.Counts[ScrapeCounts.HighestDelayMs].ShouldBeGreaterThanOrEqualTo(400);
        result.Counts[ScrapeCounts.HighestDelayMs].ShouldBeLessThan(60_000);

        using var capped = new TempWorkspace(DemoScrape.DatasetName);
        var bounded = await FixtureScrape.RunAsync(capped.Workspace, WithMaxDelay(0.25), options, new RecordingTimeProvider());
        bounded.Counts[ScrapeCounts.HighestDelayMs].ShouldBe(250);
    }

    [Fact]
    public async Task Scrape_RateLimitingServer_BacksOffToTheRetryAfterWithinTheMaximum()
    {
        Team("ann", "ben");
        var calls = new Dictionary<string, int>();
        foreach (var name in new[] { "ann", "ben" })
        {
            _site.Handle($"/p/{name}.jpg", async context =>
            {
                lock (calls)
                {
                    calls[name] = calls.GetValueOrDefault(name) + 1;
                    if (calls[name] == 1)
                    {
                        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                        context.Response.Headers.RetryAfter = "3";
                        return;
                    }
                }

                context.Response.ContentType = "image/jpeg";
                await context.Response.Body.WriteAsync(FixtureScrape.Jpeg(name));
            });
        }

        var options = new ScrapeOptions { PerHostDelay = TimeSpan.Zero, RetryDelay = TimeSpan.Zero, MaxRetries = 2, MaxParallelFetches = 1, PerHostConcurrency = 1 };
        var time = new RecordingTimeProvider();

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards), options, time);

        result.Counts[ScrapeCounts.Downloaded].ShouldBe(2);
        result.Counts[ScrapeCounts.HighestDelayMs].ShouldBeGreaterThanOrEqualTo(3000);
        // Besides the retry's own Retry-After, the next requests to the host keep the slower pace.
        time.Waits.Count(w => w >= TimeSpan.FromSeconds(2.5)).ShouldBeGreaterThanOrEqualTo(3);
        calls.Values.Sum().ShouldBe(4);

        using var capped = new TempWorkspace(DemoScrape.DatasetName);
        calls.Clear();
        var bounded = await FixtureScrape.RunAsync(capped.Workspace, WithMaxDelay(2), options, new RecordingTimeProvider());
        bounded.Counts[ScrapeCounts.HighestDelayMs].ShouldBe(2000);
    }

    [Fact]
    public async Task Scrape_ServerErrors_DoubleTheDelay()
    {
        Team("ann");
        var calls = 0;
        _site.Handle("/p/ann.jpg", async context =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            context.Response.ContentType = "image/jpeg";
            await context.Response.Body.WriteAsync(FixtureScrape.Jpeg("ann"));
        });
        var options = new ScrapeOptions { PerHostDelay = TimeSpan.Zero, RetryDelay = TimeSpan.Zero, MaxRetries = 2 };

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards), options, new RecordingTimeProvider());

        result.Counts[ScrapeCounts.Downloaded].ShouldBe(1);
        // 0 -> 1 s on the first 500, 2 s on the second.
        result.Counts[ScrapeCounts.HighestDelayMs].ShouldBe(2000);
    }

    [Fact]
    public async Task Scrape_AutoThrottleOff_KeepsTheFixedDelay()
    {
        Team("ann");
        _site.Handle("/p/ann.jpg", context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        });
        var options = new ScrapeOptions { PerHostDelay = TimeSpan.Zero, RetryDelay = TimeSpan.Zero, MaxRetries = 1, AutoThrottle = false };

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards), options, new RecordingTimeProvider());

        result.Counts[ScrapeCounts.HighestDelayMs].ShouldBe(0);
    }

    private SourceManifest WithMaxDelay(double seconds)
    {
        var source = FixtureScrape.Source(_site, "/team/", Cards);
        return new SourceManifest
        {
            Name = source.Name,
            Dataset = source.Dataset,
            Urls = source.Urls,
            Scraper = source.Scraper,
            Label = source.Label,
            AllowedHosts = source.AllowedHosts,
            MaxDelay = TimeSpan.FromSeconds(seconds),
        };
    }

    private void Team(params string[] names) =>
        _site.Page("/team/", "<html><body>" + string.Concat(names.Select(n => $"<div class=\"card\"><h3>{n}</h3><img src=\"/p/{n}.jpg\"></div>")) + "</body></html>");
}
