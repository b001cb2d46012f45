using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Scraping.Tests.Support;
using DatasetForge.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Scraping.Tests.Profiles;

/// <summary>robots.txt read the strict way (RFC 9309), Crawl-delay, pager links refused by choice, and noai directives, over real HTTP.</summary>
public sealed class RobotsAndNoAiTests : IAsyncLifetime
{
    private static readonly SelectorSet Cards = new() { Item = ".card", Name = "h3", Photo = "img", NextPage = "a.next" };
    private readonly TempWorkspace _temp = new(DemoScrape.DatasetName);
    private FixtureServer _site = null!;

    public async Task InitializeAsync() => _site = await FixtureServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Scrape_RobotsLargerThan512KiBStartingWithDisallowAll_FetchesNothing()
    {
        var padding = string.Concat(Enumerable.Repeat("# padding to make the file large\n", 20_000));
        _site.Page("/robots.txt", "User-agent: *\nDisallow: /\n" + padding);
        Team(null, ("Ann", "/p/ann.jpg"));
        _site.File("/p/ann.jpg", FixtureScrape.Jpeg("ann"), "image/jpeg");

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards));

        result.Counts[ScrapeCounts.Persons].ShouldBe(0);
        _site.Requests.ShouldNotContain(r => r.PathAndQuery.StartsWith("/team/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scrape_RobotsRulesAfterTheFirst500KiB_AreIgnored()
    {
        var padding = string.Concat(Enumerable.Repeat("# padding to make the file large\n", 20_000));
        _site.Page("/robots.txt", "User-agent: *\n" + padding + "Disallow: /\n");
        Team(null, ("Ann", "/p/ann.jpg"));
        _site.File("/p/ann.jpg", FixtureScrape.Jpeg("ann"), "image/jpeg");

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards));

        result.Counts[ScrapeCounts.Persons].ShouldBe(1);
    }

    [Theory]
    [InlineData("redirect")]
    [InlineData("binary")]
    [InlineData("500")]
    public async Task Scrape_RobotsThatCannotBeRead_DisallowsEverything(string how)
    {
        switch (how)
        {
            case "redirect":
                _site.Handle("/robots.txt", context =>
                {
                    context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                    context.Response.Headers.Location = "/robots-moved.txt";
                    return Task.CompletedTask;
                });
                _site.Page("/robots-moved.txt", "User-agent: *\nDisallow: /team/\n");
                break;
            case "binary":
                _site.File("/robots.txt", [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00], "text/plain");
                break;
            default:
                _site.Handle("/robots.txt", context =>
                {
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return Task.CompletedTask;
                });
                break;
        }

        Team(null, ("Ann", "/p/ann.jpg"));
        _site.File("/p/ann.jpg", FixtureScrape.Jpeg("ann"), "image/jpeg");

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards));

        result.Counts[ScrapeCounts.Persons].ShouldBe(0);
        _site.Requests.ShouldNotContain(r => r.PathAndQuery.StartsWith("/team/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scrape_RobotsNotFound_AllowsEverything()
    {
        Team(null, ("Ann", "/p/ann.jpg"));
        _site.File("/p/ann.jpg", FixtureScrape.Jpeg("ann"), "image/jpeg");

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards));

        result.Counts[ScrapeCounts.Persons].ShouldBe(1);
    }

    [Fact]
    public async Task Scrape_CrawlDelayLongerThanTheSourceDelay_IsWaitedBetweenRequests()
    {
        _site.Page("/robots.txt", "User-agent: *\nCrawl-delay: 7\nDisallow: /private/\n");
        Team(null, ("Ann", "/p/ann.jpg"));
        _site.File("/p/ann.jpg", FixtureScrape.Jpeg("ann"), "image/jpeg");
        var time = new RecordingTimeProvider();

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards), DemoScrape.FastOptions, time);

        result.Counts[ScrapeCounts.Downloaded].ShouldBe(1);
        // The photo waits the Crawl-delay after the page (the source's own delay is zero).
        time.Waits.ShouldContain(w => w > TimeSpan.FromSeconds(6.5) && w <= TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Scrape_RobotsDisallowedPagerLink_KeepsTheCrawlCompleteSoVanishedPersonsAreNoticed()
    {
        _site.Page("/robots.txt", "User-agent: *\nDisallow: /team/archive/\n");
        Team("/team/archive/", ("Ann", "/p/ann.jpg"), ("Ben", "/p/ben.jpg"));
        _site.File("/p/ann.jpg", FixtureScrape.Jpeg("ann"), "image/jpeg");
        _site.File("/p/ben.jpg", FixtureScrape.Jpeg("ben"), "image/jpeg");
        var source = FixtureScrape.Source(_site, "/team/", Cards);
        await FixtureScrape.RunAsync(_temp.Workspace, source);
        Team("/team/archive/", ("Ann", "/p/ann.jpg"));

        var second = await FixtureScrape.RunAsync(_temp.Workspace, source);

        second.Counts[ScrapeCounts.Vanished].ShouldBe(1);
        second.Counts[ScrapeCounts.PagesRefused].ShouldBe(1);
        second.Counts[ScrapeCounts.PageErrors].ShouldBe(0);
        second.Summary.ShouldNotContain("did not complete");
        _site.Requests.ShouldNotContain(r => r.PathAndQuery.StartsWith("/team/archive/", StringComparison.Ordinal));
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        (await catalogue.Items.SingleAsync(p => p.Name == "Ben")).Vanished.ShouldBeTrue();
    }

    [Fact]
    public async Task Scrape_StartPageDisallowed_LeavesTheCrawlIncomplete()
    {
        Team(null, ("Ann", "/p/ann.jpg"));
        _site.File("/p/ann.jpg", FixtureScrape.Jpeg("ann"), "image/jpeg");
        var source = FixtureScrape.Source(_site, "/team/", Cards);
        await FixtureScrape.RunAsync(_temp.Workspace, source);
        _site.Page("/robots.txt", "User-agent: *\nDisallow: /team/\n");

        var second = await FixtureScrape.RunAsync(_temp.Workspace, source);

        second.Counts[ScrapeCounts.Vanished].ShouldBe(0);
        second.Summary.ShouldContain("did not complete");
    }

    [Theory]
    [InlineData("noai")]
    [InlineData("noimageai")]
    [InlineData("DatasetForge: noimageindex")]
    public async Task Scrape_PhotoWithXRobotsTagNoAi_IsNotStoredAndRecordedAsRejected(string header)
    {
        Team(null, ("Ann", "/p/ann.jpg"), ("Ben", "/p/ben.jpg"));
        ServePhoto("/p/ann.jpg", "ann", header);
        _site.File("/p/ben.jpg", FixtureScrape.Jpeg("ben"), "image/jpeg");

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards));

        result.Counts[ScrapeCounts.Downloaded].ShouldBe(1);
        result.Counts[ScrapeCounts.NoAi].ShouldBe(1);
        var (rule, outcome, reason) = await DecisionAsync("Ann");
        rule.ShouldBe(Rules.NoAi);
        outcome.ShouldBe("Rejected");
        reason.ShouldContain("X-Robots-Tag: " + header.Split(':')[^1].Trim());
        File.Exists(_temp.Workspace.BlobPath(Core.Workspace.ContentHash.Of(FixtureScrape.Jpeg("ann")))).ShouldBeFalse();
    }

    [Fact]
    public async Task Scrape_XRobotsTagForAnotherAgent_IsNotOurs()
    {
        Team(null, ("Ann", "/p/ann.jpg"));
        ServePhoto("/p/ann.jpg", "ann", "otherbot: noai");

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards));

        result.Counts[ScrapeCounts.Downloaded].ShouldBe(1);
    }

    [Fact]
    public async Task Scrape_PhotoWithNoAiAndIgnoreNoAi_IsStoredAndTheOverrideRecorded()
    {
        Team(null, ("Ann", "/p/ann.jpg"));
        ServePhoto("/p/ann.jpg", "ann", "noai");
        var source = FixtureScrape.Source(_site, "/team/", Cards, ignoreNoAi: true);

        var result = await FixtureScrape.RunAsync(_temp.Workspace, source);

        result.Counts[ScrapeCounts.Downloaded].ShouldBe(1);
        result.Counts[ScrapeCounts.NoAiOverrides].ShouldBe(1);
        result.Summary.ShouldContain("stored anyway because the manifest sets ignoreNoAi");
    }

    [Theory]
    [InlineData("<meta name=\"robots\" content=\"index, noimageai\">", null)]
    [InlineData("<meta name=\"robots\" content=\"noimageindex\">", null)]
    [InlineData("<meta name=\"datasetforge\" content=\"noai\">", null)]
    [InlineData("", "noai")]
    public async Task Scrape_PageSayingNoAi_DownloadsNoneOfItsPhotosAndRecordsWhy(string meta, string? header)
    {
        var html = "<html><head>" + meta + "</head><body><div class=\"card\"><h3>Ann</h3><img src=\"/p/ann.jpg\"></div></body></html>";
        _site.Handle("/team/", async context =>
        {
            if (header is not null)
            {
                context.Response.Headers["X-Robots-Tag"] = header;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(html);
        });
        _site.File("/p/ann.jpg", FixtureScrape.Jpeg("ann"), "image/jpeg");

        var result = await FixtureScrape.RunAsync(_temp.Workspace, FixtureScrape.Source(_site, "/team/", Cards));

        result.Counts[ScrapeCounts.Persons].ShouldBe(1);
        result.Counts[ScrapeCounts.NoAi].ShouldBe(1);
        result.Counts[ScrapeCounts.Downloaded].ShouldBe(0);
        _site.Requests.ShouldNotContain(r => r.PathAndQuery == "/p/ann.jpg");
        var (rule, _, reason) = await DecisionAsync("Ann");
        rule.ShouldBe(Rules.NoAi);
        reason.ShouldContain(header is null ? "<meta name=" : "X-Robots-Tag: noai");
    }

    [Fact]
    public async Task Scrape_PageAnswered304WithNoAi_DownloadsNoneOfItsPhotosAnyMore()
    {
        string? notModifiedTag = null;
        ServeConditional("/team/", TeamHtml(("Ann", "/p/ann.jpg")), "text/html; charset=utf-8", () => null, () => notModifiedTag);
        _site.File("/p/ann.jpg", FixtureScrape.Jpeg("ann"), "image/jpeg");
        var source = FixtureScrape.Source(_site, "/team/", Cards);
        (await FixtureScrape.RunAsync(_temp.Workspace, source)).Counts[ScrapeCounts.Downloaded].ShouldBe(1);
        notModifiedTag = "noai";
        _site.ClearLog();

        var second = await FixtureScrape.RunAsync(_temp.Workspace, source);

        _site.Requests.ShouldContain(r => r.PathAndQuery == "/team/" && r.Status == StatusCodes.Status304NotModified);
        second.Counts[ScrapeCounts.NoAi].ShouldBe(1);
        second.Counts[ScrapeCounts.Downloaded].ShouldBe(0);
        var (rule, outcome, reason) = await DecisionAsync("Ann");
        (rule, outcome).ShouldBe((Rules.NoAi, "Rejected"));
        reason.ShouldContain("X-Robots-Tag: noai");
    }

    [Fact]
    public async Task Scrape_PhotoAnswered304WithNoAi_IsNoLongerUsed()
    {
        string? notModifiedTag = null;
        Team(null, ("Ann", "/p/ann.jpg"));
        ServeConditional("/p/ann.jpg", FixtureScrape.Jpeg("ann"), "image/jpeg", () => null, () => notModifiedTag);
        var source = FixtureScrape.Source(_site, "/team/", Cards);
        (await FixtureScrape.RunAsync(_temp.Workspace, source)).Counts[ScrapeCounts.Downloaded].ShouldBe(1);
        notModifiedTag = "noimageai";
        _site.ClearLog();

        var second = await FixtureScrape.RunAsync(_temp.Workspace, source);

        _site.Requests.ShouldContain(r => r.PathAndQuery == "/p/ann.jpg" && r.Status == StatusCodes.Status304NotModified);
        second.Counts[ScrapeCounts.NoAi].ShouldBe(1);
        second.Counts[ScrapeCounts.Downloaded].ShouldBe(0);
        var (rule, _, reason) = await DecisionAsync("Ann");
        rule.ShouldBe(Rules.NoAi);
        reason.ShouldContain("X-Robots-Tag: noimageai");
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        (await catalogue.Items.SingleAsync(p => p.Name == "Ann")).PhotoId.ShouldBeNull();
    }

    [Fact]
    public async Task Scrape_PageThatSaidNoAiAnswering304WithoutIt_StillDownloadsNoneOfItsPhotos()
    {
        ServeConditional("/team/", TeamHtml(("Ann", "/p/ann.jpg")), "text/html; charset=utf-8", () => "noai", () => null);
        _site.File("/p/ann.jpg", FixtureScrape.Jpeg("ann"), "image/jpeg");
        var source = FixtureScrape.Source(_site, "/team/", Cards);
        (await FixtureScrape.RunAsync(_temp.Workspace, source)).Counts[ScrapeCounts.NoAi].ShouldBe(1);

        var second = await FixtureScrape.RunAsync(_temp.Workspace, source);

        second.Counts[ScrapeCounts.NoAi].ShouldBe(1);
        second.Counts[ScrapeCounts.Downloaded].ShouldBe(0);
        _site.Requests.ShouldNotContain(r => r.PathAndQuery == "/p/ann.jpg");
        (await DecisionAsync("Ann")).Rule.ShouldBe(Rules.NoAi);
    }

    /// <summary>Serves <paramref name="body"/> with an ETag: 200 with <paramref name="tag200"/>, or 304 with <paramref name="tag304"/> to a matching If-None-Match.</summary>
    private void ServeConditional(string path, byte[] body, string contentType, Func<string?> tag200, Func<string?> tag304) =>
        _site.Handle(path, async context =>
        {
            const string etag = "\"v1\"";
            context.Response.Headers.ETag = etag;
            var notModified = context.Request.Headers.IfNoneMatch.ToString().Contains(etag, StringComparison.Ordinal);
            if ((notModified ? tag304() : tag200()) is { } tag)
            {
                context.Response.Headers["X-Robots-Tag"] = tag;
            }

            if (notModified)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(body);
        });

    private static byte[] TeamHtml(params (string Name, string Photo)[] persons) =>
        System.Text.Encoding.UTF8.GetBytes("<html><body>" + string.Concat(persons.Select(p => $"<div class=\"card\"><h3>{p.Name}</h3><img src=\"{p.Photo}\"></div>")) + "</body></html>");

    private void ServePhoto(string path, string name, string robotsTag) =>
        _site.Handle(path, async context =>
        {
            context.Response.Headers["X-Robots-Tag"] = robotsTag;
            context.Response.ContentType = "image/jpeg";
            await context.Response.Body.WriteAsync(FixtureScrape.Jpeg(name));
        });

    private void Team(string? next, params (string Name, string Photo)[] persons) =>
        _site.Page("/team/", "<html><body>" + string.Concat(persons.Select(p => $"<div class=\"card\"><h3>{p.Name}</h3><img src=\"{p.Photo}\"></div>"))
            + (next is null ? string.Empty : $"<a class=\"next\" href=\"{next}\">more</a>") + "</body></html>");

    private async Task<(string Rule, string Outcome, string Reason)> DecisionAsync(string name)
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        var person = await catalogue.Items.SingleAsync(p => p.Name == name);
        var decision = await catalogue.Decisions.SingleAsync(d => d.SubjectId == person.Id && d.SubjectKind == Catalogue.Entities.SubjectKinds.Person);
        return (decision.Rule, decision.Outcome, decision.Reason);
    }
}
