using DatasetForge.Core.Definitions;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Scraping.Tests.Support;
using DatasetForge.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Scraping.Tests.Profiles;

/// <summary>Retries, robots.txt overrides, redirects off scope, download limits, and refresh by conditional GET, over real HTTP.</summary>
public sealed class PolitenessAndRefreshTests : IAsyncLifetime
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
    public async Task Scrape_429WithRetryAfter_WaitsAsToldThenStoresThePhoto()
    {
        Team(("Ann", "/p/ann.jpg"));
        var calls = 0;
        _site.Handle("/p/ann.jpg", async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "7";
                return;
            }

            context.Response.ContentType = "image/jpeg";
            await context.Response.Body.WriteAsync(FixtureScrape.Jpeg("ann"));
        });
        var time = new RecordingTimeProvider();
        var options = new ScrapeOptions { PerHostDelay = TimeSpan.Zero, MaxRetries = 2, RetryDelay = TimeSpan.FromSeconds(1) };

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards), options, time);

        result.Counts[ScrapeCounts.Downloaded].ShouldBe(1);
        calls.ShouldBe(2);
        time.Waits.ShouldContain(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Scrape_RobotsDisallowOverriddenByManifest_FetchesAndRecordsTheOverride()
    {
        _site.Page("/robots.txt", "User-agent: *\nDisallow: /team/\n");
        Team(("Ann", "/p/ann.jpg"));
        _site.File("/p/ann.jpg", FixtureScrape.Jpeg("ann"), "image/jpeg");

        var refused = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards));
        using var second = new TempWorkspace(DemoScrape.DatasetName);
        var overridden = await FixtureScrape.RunAsync(second.Workspace, FixtureScrape.Source(_site, "/team/", Cards, ignoreRobots: true));

        refused.Counts[ScrapeCounts.Persons].ShouldBe(0);
        refused.Summary.ShouldContain("robots.txt");
        overridden.Counts[ScrapeCounts.Persons].ShouldBe(1);
        overridden.Counts[ScrapeCounts.RobotsOverrides].ShouldBe(1);
        overridden.Summary.ShouldContain("/team/; fetched anyway because the manifest sets ignoreRobotsTxt");
    }

    [Fact]
    public async Task Scrape_PhotoRedirectedOffAllowedHosts_IsRefusedAndRecorded()
    {
        Team(("Ann", "/p/ann.jpg"));
        _site.Handle("/p/ann.jpg", context =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = "http://tracker.example.invalid/ann.jpg";
            return Task.CompletedTask;
        });

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards));

        result.Counts[ScrapeCounts.Failed].ShouldBe(1);
        var reason = await DecisionReasonAsync("Ann");
        reason.ShouldContain("redirected to http://tracker.example.invalid/ann.jpg");
        reason.ShouldContain("off-scope");
    }

    [Fact]
    public async Task Scrape_OversizedAndWrongTypeDownloads_AreRejectedWithTheReason()
    {
        Team(("Big", "/p/big.jpg"), ("Html", "/p/html.jpg"), ("Named", "/p/..%2F..%2Fevil.jpg"));
        _site.File("/p/big.jpg", [0xFF, 0xD8, 0xFF, .. new byte[4096]], "image/jpeg");
        _site.File("/p/html.jpg", "<html>login</html>"u8.ToArray(), "text/html");
        _site.File("/p/..%2F..%2Fevil.jpg", FixtureScrape.Jpeg("named"), "image/jpeg");
        var options = new ScrapeOptions { PerHostDelay = TimeSpan.Zero, MaxRetries = 0, MaxPhotoBytes = 1024 };

        await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards), options);

        (await DecisionReasonAsync("Big")).ShouldContain("more than the limit of 1024");
        (await DecisionReasonAsync("Html")).ShouldContain("is not an image");
        Directory.EnumerateFiles(_temp.Workspace.StoreDirectory, "*", SearchOption.AllDirectories)
            .ShouldAllBe(f => Path.GetFileName(f).Length == 64 && Path.GetFileName(f).All(char.IsAsciiHexDigitLower));
    }

    [Fact]
    public async Task Scrape_Refresh_Gets304sThenNoticesVanishedChangedAndNewPersonsKeepingHistory()
    {
        Team(("Ann", "/p/ann.jpg"), ("Ben", "/p/ben.jpg"), ("Cem", "/p/cem.jpg"));
        foreach (var name in new[] { "ann", "ben", "cem", "dora" })
        {
            _site.File($"/p/{name}.jpg", FixtureScrape.Jpeg(name), "image/jpeg");
        }

        var source = FixtureScrape.Source(_site, "/team/", Cards);
        var clock = new SteppingClock(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        var first = await FixtureScrape.RunAsync(_temp.Workspace, source, time: clock);
        clock.Advance(TimeSpan.FromDays(30));
        _site.ClearLog();

        var unchanged = await FixtureScrape.RunAsync(_temp.Workspace, source, time: clock);
        var requests = _site.Requests;

        Team(("Ann", "/p/ann.jpg"), ("Cem", "/p/cem.jpg"), ("Dora", "/p/dora.jpg"));
        _site.File("/p/ann.jpg", FixtureScrape.Jpeg("ann, new portrait"), "image/jpeg");
        clock.Advance(TimeSpan.FromDays(30));
        var changed = await FixtureScrape.RunAsync(_temp.Workspace, source, time: clock);

        first.Counts[ScrapeCounts.Fetched].ShouldBe(3);
        unchanged.Counts[ScrapeCounts.Fetched].ShouldBe(0);
        unchanged.Counts[ScrapeCounts.NotModified].ShouldBe(4);
        requests.Where(r => r.PathAndQuery != "/robots.txt").ShouldAllBe(r => r.Status == 304);
        unchanged.Counts[ScrapeCounts.Persons].ShouldBe(3);
        changed.Counts[ScrapeCounts.NewPersons].ShouldBe(1);
        changed.Counts[ScrapeCounts.Vanished].ShouldBe(1);
        changed.Counts[ScrapeCounts.ChangedPhotos].ShouldBe(1);
        changed.Counts[ScrapeCounts.Fetched].ShouldBe(2);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        var persons = await catalogue.Items.Include(p => p.Photo).ToDictionaryAsync(p => p.Name);
        persons["Ben"].Vanished.ShouldBeTrue();
        persons["Ben"].LastSeenAt.ShouldBe(new DateTime(2026, 3, 31, 8, 0, 0, DateTimeKind.Utc));
        persons["Ann"].FirstSeenAt.ShouldBe(new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc));
        persons["Ann"].LastSeenAt.ShouldBe(new DateTime(2026, 4, 30, 8, 0, 0, DateTimeKind.Utc));
        persons["Ann"].Photo!.Sha256.ShouldBe(Core.Workspace.ContentHash.Of(FixtureScrape.Jpeg("ann, new portrait")));
        persons["Dora"].FirstSeenAt.ShouldBe(new DateTime(2026, 4, 30, 8, 0, 0, DateTimeKind.Utc));
        (await catalogue.Pages.SingleAsync()).LastStatus.ShouldBe(200);
    }

    private void Team(params (string Name, string Photo)[] persons) =>
        _site.Page("/team/", "<html><body>" + string.Concat(persons.Select(p => $"<div class=\"card\"><h3>{p.Name}</h3><img src=\"{p.Photo}\"></div>")) + "</body></html>");

    private async Task<string> DecisionReasonAsync(string name)
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        var person = await catalogue.Items.SingleAsync(p => p.Name == name);
        return (await catalogue.Decisions.SingleAsync(d => d.SubjectId == person.Id && d.SubjectKind == Catalogue.Entities.SubjectKinds.Person)).Reason;
    }

    /// <summary>A clock a test moves by hand; waits end at once.</summary>
    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
