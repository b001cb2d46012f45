using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Scraping.Tests.Support;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Scraping.Tests.Storage;

/// <summary>
/// A crawl of a large local site stopped after a given number of answers, then run again: the second run asks only for what
/// the first did not get, and leaves the catalogue a clean crawl leaves. Run once per catalogue provider.
/// </summary>
public abstract class CrawlFrontierTests : IAsyncLifetime
{
    private static readonly ScrapeOptions Options = new()
    {
        PerHostDelay = TimeSpan.Zero,
        RetryDelay = TimeSpan.Zero,
        MaxRetries = 0,
        PerHostConcurrency = 2,
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    private FixtureServer _server = null!;
    private LargeStaffSite _site = null!;

    protected TempWorkspace Temp { get; } = new(DemoScrape.DatasetName);

    public async Task InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _site = LargeStaffSite.Serve(_server, listPages: 15, perPage: 6);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Temp.Dispose();
    }

    /// <summary>A fresh dataset workspace on the provider under test.</summary>
    protected abstract Task<DatasetWorkspace> WorkspaceAsync(string name);

    [Theory]
    [InlineData(8)] // among the list pages
    [InlineData(60)] // among the profile pages
    [InlineData(150)] // among the photos
    public async Task Scrape_StoppedAfterSomeAnswers_ResumesWithoutAskingAgainAndEndsAsACleanRun(int answers)
    {
        var clean = await WorkspaceAsync("clean");
        var cleanResult = await RunAsync(clean);
        var cleanRequests = Paths();
        var resumed = await WorkspaceAsync("resumed");

        _server.ClearLog();
        await Should.ThrowAsync<OperationCanceledException>(() => RunAsync(resumed, stopAfter: answers));
        var first = Paths();
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(resumed))
        {
            (await catalogue.FrontierRequests.CountAsync()).ShouldBeGreaterThan(0);
        }

        _server.ClearLog();
        var result = await RunAsync(resumed);
        var second = Paths();

        // Nothing asked twice, apart from what was in flight when the run stopped (each task holds at most one request).
        second.Distinct().Count().ShouldBe(second.Count);
        var twice = first.Intersect(second).ToList();
        twice.Count.ShouldBeLessThanOrEqualTo(Options.MaxParallelFetches + Options.PerHostConcurrency, string.Join(", ", twice));
        first.Union(second).Count().ShouldBe(cleanRequests.Count);
        result.Counts[ScrapeCounts.Resumed].ShouldBeGreaterThan(0);
        result.Counts[ScrapeCounts.Persons].ShouldBe(cleanResult.Counts[ScrapeCounts.Persons]);
        (await CatalogueSnapshot.OfScrapeAsync(resumed, _server.BaseUrl)).ShouldBe(await CatalogueSnapshot.OfScrapeAsync(clean, _server.BaseUrl));
        Directory.Exists(Path.Combine(resumed.Root, "frontier", "1")).ShouldBeFalse();
    }

    [Fact]
    public async Task Scrape_ResumedRoundAfterAPersonLeft_StillMarksThemVanished()
    {
        var workspace = await WorkspaceAsync("vanish");
        await RunAsync(workspace);
        _server.ClearLog();
        // p0002 is no longer listed: its card goes from the first list page.
        var page = System.Text.Encoding.UTF8.GetString(await new HttpClient().GetByteArrayAsync(_site.StartUrl));
        _server.Page("/staff/", System.Text.RegularExpressions.Regex.Replace(page, "<div class=\"card\"><h3><a href=\"/people/p0002/\">.*?</div>", string.Empty));

        await Should.ThrowAsync<OperationCanceledException>(() => RunAsync(workspace, stopAfter: 40));
        var result = await RunAsync(workspace);

        result.Counts[ScrapeCounts.Vanished].ShouldBe(1);
        result.Counts[ScrapeCounts.Resumed].ShouldBeGreaterThan(0);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        (await catalogue.Items.SingleAsync(i => i.Vanished)).Key.ShouldContain("p0002");
        (await catalogue.FrontierRequests.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Scrape_CompletedCrawl_LeavesNoFrontierSoTheNextRoundAsksAgain()
    {
        var workspace = await WorkspaceAsync("rounds");
        await RunAsync(workspace);
        var first = Paths();
        _server.ClearLog();

        var again = await RunAsync(workspace);

        again.Counts[ScrapeCounts.Resumed].ShouldBe(0);
        Paths().Where(p => p.StartsWith("/staff/", StringComparison.Ordinal)).Count().ShouldBe(_site.ListPages);
        first.Count.ShouldBeGreaterThan(_site.Persons);
    }

    [Fact]
    public async Task Scrape_FrontierOlderThanTheLimit_IsDroppedAndTheCrawlStartsAfresh()
    {
        var workspace = await WorkspaceAsync("stale");
        await Should.ThrowAsync<OperationCanceledException>(() => RunAsync(workspace, stopAfter: 30));
        var first = Paths();
        _server.ClearLog();

        var later = new ShiftedTime(TimeSpan.FromDays(8));
        var result = await RunAsync(workspace, time: later);

        result.Counts[ScrapeCounts.Resumed].ShouldBe(0);
        result.Summary.ShouldContain("was dropped; the crawl starts afresh");
        first.Except(Paths()).ShouldBeEmpty();
    }

    private List<string> Paths() => [.. _server.Requests.Select(r => r.PathAndQuery).Where(p => p != "/robots.txt")];

    private async Task<StageResult> RunAsync(DatasetWorkspace workspace, int? stopAfter = null, TimeProvider? time = null)
    {
        using var stop = new CancellationTokenSource();
        using var handler = new StoppingHandler(stopAfter, stop);
        using var stage = new ScrapeStage(Options, handler);
        var manifest = new SourceManifest
        {
            Name = "staff",
            Dataset = DemoScrape.DatasetName,
            Urls = [_site.StartUrl],
            Label = "cs",
            AllowedHosts = [_server.BaseUrl.Authority],
            Scraper = new ScraperProfile
            {
                Name = "large",
                MaxPages = _site.ListPages + 10,
                FollowProfile = true,
                Selectors = new SelectorSet
                {
                    Item = ".card", Name = "h3", Role = ".role", Photo = "img", Link = "h3 a", NextPage = "a.next",
                    ProfilePhoto = ".portrait", ProfileRole = ".position",
                },
            },
        };
        var context = new StageContext(DemoScrape.Dataset(manifest), workspace, new RecordingProgress<StageProgress>(), time ?? TimeProvider.System);
        return await stage.RunAsync(context, stop.Token);
    }

    /// <summary>Passes requests on, and stops the run once a given number of answers came back (as a kill would, mid-crawl).</summary>
    private sealed class StoppingHandler(int? stopAfter, CancellationTokenSource stop)
        : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        private int _answers;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _answers) == stopAfter)
            {
                await stop.CancelAsync();
            }

            return response;
        }
    }

    /// <summary>The system clock, some days ahead.</summary>
    private sealed class ShiftedTime(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}

/// <summary>The frontier on SQLite.</summary>
public sealed class SqliteCrawlFrontierTests : CrawlFrontierTests
{
    protected override Task<DatasetWorkspace> WorkspaceAsync(string name) => Task.FromResult(new DatasetWorkspace(Temp.RootDirectory, name));
}

/// <summary>The frontier on a real PostgreSQL server on loopback.</summary>
public sealed class PostgresCrawlFrontierTests : CrawlFrontierTests
{
    protected override async Task<DatasetWorkspace> WorkspaceAsync(string name) =>
        new(Temp.RootDirectory, name) { Catalogue = await PostgresServer.Shared.CreateDatabaseAsync() };
}
