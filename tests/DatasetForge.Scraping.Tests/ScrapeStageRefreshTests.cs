using DatasetForge.Scraping.Tests.Support;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Scraping.Tests;

/// <summary>Re-running the scrape: nothing new on an unchanged site, and people who left are marked, not deleted.</summary>
public sealed class ScrapeStageRefreshTests : IAsyncLifetime
{
    private readonly DemoSiteFixture _site = new();
    private readonly TempWorkspace _temp = new(DemoScrape.DatasetName);

    public Task InitializeAsync() => _site.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Scrape_SecondRunOnUnchangedSite_GivesSameCountsAndAddsNoRows()
    {
        var site = _site.Site;
        var dataset = DemoScrape.Dataset(
            DemoScrape.Manifest(site, site.Department("nordstadt-informatik")),
            DemoScrape.Manifest(site, site.Department("eastbridge-economics")));
        var first = await DemoScrape.RunAsync(_temp.Workspace, dataset);
        var rowsAfterFirst = await CountRowsAsync();

        var second = await DemoScrape.RunAsync(_temp.Workspace, dataset);

        foreach (var name in new[] { ScrapeCounts.Persons, ScrapeCounts.Photos, ScrapeCounts.Downloaded, ScrapeCounts.Failed, ScrapeCounts.NoPhoto })
        {
            second.Counts[name].ShouldBe(first.Counts[name], name);
        }

        second.Counts[ScrapeCounts.NewPersons].ShouldBe(0);
        second.Counts[ScrapeCounts.Fetched].ShouldBe(0);
        (await CountRowsAsync()).ShouldBe(rowsAfterFirst);
    }

    [Fact]
    public async Task Scrape_PersonNoLongerListed_IsMarkedVanishedAndComesBackWhenListedAgain()
    {
        var site = _site.Site;
        var department = site.Department("suedheim-germanistik");
        var leaving = site.PersonsOf(department)[0];
        var dataset = DemoScrape.Dataset(DemoScrape.Manifest(site, department));
        await DemoScrape.RunAsync(_temp.Workspace, dataset);

        site.SetListed(leaving.Id, listed: false);
        var afterLeaving = await DemoScrape.RunAsync(_temp.Workspace, dataset);
        var vanished = await VanishedNamesAsync();
        site.SetListed(leaving.Id, listed: true);
        await DemoScrape.RunAsync(_temp.Workspace, dataset);

        afterLeaving.Counts[ScrapeCounts.Vanished].ShouldBe(1);
        vanished.ShouldBe([leaving.Name]);
        (await VanishedNamesAsync()).ShouldBeEmpty();
    }

    private async Task<List<string>> VanishedNamesAsync()
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        return await catalogue.Items.Where(p => p.Vanished).Select(p => p.Name).ToListAsync();
    }

    private async Task<(int Sources, int Persons, int Photos, int Decisions, int Blobs)> CountRowsAsync()
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        var blobs = Directory.EnumerateFiles(_temp.Workspace.StoreDirectory, "*", SearchOption.AllDirectories).Count();
        return (await catalogue.Sources.CountAsync(), await catalogue.Items.CountAsync(), await catalogue.Photos.CountAsync(),
            await catalogue.Decisions.CountAsync(), blobs);
    }
}
