using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Scraping.Tests.Support;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Scraping.Tests.Profiles;

/// <summary>One source listing one person on two department pages with different labels: a recorded conflict, not first-wins.</summary>
public sealed class ListingLabelConflictTests : IAsyncLifetime
{
    private static readonly SelectorSet Cards = new() { Item = ".card", Name = "h3", Photo = "img", Label = ".dept" };
    private readonly TempWorkspace _temp = new(DemoScrape.DatasetName);
    private FixtureServer _site = null!;

    public async Task InitializeAsync() => _site = await FixtureServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Scrape_OnePersonOnTwoPagesWithDifferentLabels_KeepsBothLabelsAsAFlaggedConflict()
    {
        Department("/cs/", "cs", ("Ann", "/p/ann.jpg"), ("Ben", "/p/ben.jpg"));
        Department("/econ/", "econ", ("Ann", "/p/ann.jpg"));
        Department("/math/", "cs", ("Ben", "/p/ben.jpg"));

        var result = await FixtureScrape.RunAsync(_temp.Workspace, TwoPages("/econ/", "/math/"));

        result.Counts[ScrapeCounts.Persons].ShouldBe(2);
        result.Counts[ScrapeCounts.LabelConflicts].ShouldBe(1);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        var ann = await catalogue.Items.SingleAsync(p => p.Name == "Ann");
        var conflict = await catalogue.Decisions.SingleAsync(d => d.SubjectKind == SubjectKinds.Person && d.SubjectId == ann.Id && d.Rule == Rules.LabelConflict);
        conflict.Stage.ShouldBe("scrape");
        conflict.Outcome.ShouldBe(nameof(DecisionOutcome.Flagged));
        conflict.Reason.ShouldContain($"'cs' on {_site.Url("/cs/")}");
        conflict.Reason.ShouldContain($"'econ' on {_site.Url("/econ/")}");
        conflict.Reason.ShouldNotContain("Ann");
        var ben = await catalogue.Items.SingleAsync(p => p.Name == "Ben");
        (await catalogue.Decisions.AnyAsync(d => d.SubjectId == ben.Id && d.Rule == Rules.LabelConflict)).ShouldBeFalse("Ben is listed twice under one label");
    }

    [Fact]
    public async Task Scrape_ListingsThatAgreeAgain_DropTheConflict()
    {
        Department("/cs/", "cs", ("Ann", "/p/ann.jpg"));
        Department("/econ/", "econ", ("Ann", "/p/ann.jpg"));
        var source = TwoPages("/econ/");
        await FixtureScrape.RunAsync(_temp.Workspace, source);
        Department("/econ/", "cs", ("Ann", "/p/ann.jpg"));

        var second = await FixtureScrape.RunAsync(_temp.Workspace, source);

        second.Counts[ScrapeCounts.LabelConflicts].ShouldBe(0);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        (await catalogue.Decisions.AnyAsync(d => d.Rule == Rules.LabelConflict)).ShouldBeFalse();
        (await catalogue.Decisions.CountAsync(d => d.SubjectKind == SubjectKinds.Person)).ShouldBe(1, "the photo's decision stays");
    }

    [Fact]
    public async Task Scrape_ManifestLabel_GivesEveryListingOneLabelSoThereIsNoConflict()
    {
        Department("/cs/", "cs", ("Ann", "/p/ann.jpg"));
        Department("/econ/", "econ", ("Ann", "/p/ann.jpg"));

        var result = await FixtureScrape.RunAsync(_temp.Workspace, TwoPages("/econ/", label: "staff"));

        result.Counts[ScrapeCounts.LabelConflicts].ShouldBe(0);
    }

    private SourceManifest TwoPages(string second, string? third = null, string? label = null)
    {
        var source = FixtureScrape.Source(_site, "/cs/", Cards, label);
        return new SourceManifest
        {
            Name = source.Name,
            Dataset = source.Dataset,
            Urls = [.. source.Urls, _site.Url(second), .. third is null ? Array.Empty<Uri>() : [_site.Url(third)]],
            Scraper = source.Scraper,
            Label = source.Label,
            AllowedHosts = source.AllowedHosts,
        };
    }

    private void Department(string path, string label, params (string Name, string Photo)[] persons)
    {
        _site.Page(path, "<html><body>" + string.Concat(persons.Select(p =>
            $"<div class=\"card\"><h3>{p.Name}</h3><span class=\"dept\">{label}</span><img src=\"{p.Photo}\"></div>")) + "</body></html>");
        foreach (var (name, photo) in persons)
        {
            _site.File(photo, FixtureScrape.Jpeg(name), "image/jpeg");
        }
    }
}
