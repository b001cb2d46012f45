using DatasetForge.Core.Definitions;
using DatasetForge.Scraping.Tests.Support;
using DatasetForge.Testing;

namespace DatasetForge.Scraping.Tests;

/// <summary>Crawl scope, robots.txt and selectors that match nothing: reported clearly, never a crash or a silent zero.</summary>
public sealed class ScrapeStageScopeTests(DemoSiteFixture demo) : IClassFixture<DemoSiteFixture>
{
    [Fact]
    public async Task Scrape_PageDisallowedByRobotsTxt_IsNotReadAndIsReported()
    {
        using var temp = new TempWorkspace(DemoScrape.DatasetName);
        var manifest = new SourceManifest
        {
            Name = "intranet", Dataset = DemoScrape.DatasetName, Urls = [demo.Site.InternalTeamUrl], Scraper = DemoProfiles.CardGrid, Label = "cs",
        };

        var result = await DemoScrape.RunAsync(temp.Workspace, DemoScrape.Dataset(manifest));

        result.Counts[ScrapeCounts.Persons].ShouldBe(0);
        result.Counts[ScrapeCounts.PageErrors].ShouldBe(1);
        result.Summary.ShouldContain("robots.txt");
        result.Summary.ShouldContain("/intern/team/");
    }

    [Fact]
    public async Task Scrape_RobotsTxtIgnoredByOption_ReadsTheSamePage()
    {
        using var temp = new TempWorkspace(DemoScrape.DatasetName);
        var manifest = new SourceManifest
        {
            Name = "intranet", Dataset = DemoScrape.DatasetName, Urls = [demo.Site.InternalTeamUrl], Scraper = DemoProfiles.CardGrid, Label = "cs",
        };
        var options = new ScrapeOptions { PerHostDelay = TimeSpan.Zero, RespectRobotsTxt = false };

        var result = await DemoScrape.RunAsync(temp.Workspace, DemoScrape.Dataset(manifest), options: options);

        result.Counts[ScrapeCounts.Persons].ShouldBe(1);
    }

    [Fact]
    public async Task Scrape_StartUrlOutsideAllowedHosts_IsRefusedAsOffScope()
    {
        using var temp = new TempWorkspace(DemoScrape.DatasetName);
        var department = demo.Site.Department("eastbridge-economics");
        var manifest = new SourceManifest
        {
            Name = department.Source, Dataset = DemoScrape.DatasetName, Urls = [demo.Site.StartUrl(department)],
            Scraper = DemoProfiles.PeopleTable, AllowedHosts = ["staff.eastbridge.invalid"],
        };

        var result = await DemoScrape.RunAsync(temp.Workspace, DemoScrape.Dataset(manifest));

        result.Counts[ScrapeCounts.Persons].ShouldBe(0);
        result.Summary.ShouldContain("off-scope");
        result.Summary.ShouldContain(demo.Site.StartUrl(department).AbsoluteUri);
    }

    [Fact]
    public async Task Scrape_ItemSelectorMatchingNothing_ReportsPageUrlAndSelector()
    {
        using var temp = new TempWorkspace(DemoScrape.DatasetName);
        var department = demo.Site.Department("eastbridge-economics");
        var manifest = DemoScrape.Manifest(demo.Site, department);
        var broken = new SourceManifest
        {
            Name = manifest.Name, Dataset = manifest.Dataset, Urls = manifest.Urls, Label = manifest.Label,
            Scraper = manifest.Scraper with { Selectors = manifest.Scraper.Selectors.With(new SelectorSet { Item = "table.staff tr" }) },
        };

        var result = await DemoScrape.RunAsync(temp.Workspace, DemoScrape.Dataset(broken));

        result.Counts[ScrapeCounts.SelectorMisses].ShouldBe(1);
        result.Summary.ShouldContain("item selector 'table.staff tr' matched nothing");
        result.Summary.ShouldContain(demo.Site.StartUrl(department).AbsoluteUri);
    }

    [Fact]
    public async Task Scrape_RoleSelectorMatchingNothing_ReportsItButKeepsThePersons()
    {
        using var temp = new TempWorkspace(DemoScrape.DatasetName);
        var department = demo.Site.Department("eastbridge-economics");
        var manifest = DemoScrape.Manifest(demo.Site, department);
        var broken = new SourceManifest
        {
            Name = manifest.Name, Dataset = manifest.Dataset, Urls = manifest.Urls, Label = manifest.Label,
            Scraper = manifest.Scraper with { Selectors = manifest.Scraper.Selectors.With(new SelectorSet { Role = ".job-title" }) },
        };

        var result = await DemoScrape.RunAsync(temp.Workspace, DemoScrape.Dataset(broken));

        result.Counts[ScrapeCounts.Persons].ShouldBe(demo.Site.PersonsOf(department).Count);
        result.Summary.ShouldContain("role selector '.job-title' matched nothing");
    }
}
