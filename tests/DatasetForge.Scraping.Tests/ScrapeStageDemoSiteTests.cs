using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.DemoSite.Truth;
using DatasetForge.Scraping.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Scraping.Tests;

/// <summary>One full scrape of the real demo site (four layouts, one in Chromium) checked against the site's truth.</summary>
public sealed class ScrapeStageDemoSiteTests(ScrapedDemoSite demo) : IClassFixture<ScrapedDemoSite>
{
    private static readonly string Scrape = DecisionLog.StageName(PipelineStage.Scrape);

    [Theory]
    [InlineData("nordstadt-informatik")]
    [InlineData("eastbridge-economics")]
    [InlineData("suedheim-germanistik")]
    [InlineData("westfield-mechanical")]
    public async Task Scrape_EachLayout_RecordsEveryListedPersonWithRoleLabelAndFacets(string sourceName)
    {
        var department = demo.Site.Department(sourceName);
        var truth = demo.Site.PersonsOf(department);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(demo.Temp.Workspace);

        var persons = await catalogue.Items.Where(p => p.Source!.Name == sourceName).ToListAsync();

        persons.Select(p => p.Name).ShouldBe(truth.Select(t => t.Name), ignoreOrder: true);
        foreach (var expected in truth)
        {
            var person = persons.Single(p => p.Name == expected.Name);
            (person.Person?.Role).ShouldBe(expected.Role);
            person.Label.ShouldBe(expected.ExpectedLabel);
            person.FacetsJson.ShouldContain(department.University);
            person.Vanished.ShouldBeFalse();
            (person.Person?.ProfileUrl).ShouldBe(expected.ProfilePath is null ? null : new Uri(demo.Site.BaseUrl, expected.ProfilePath).AbsoluteUri);
            person.Key.ShouldBe(expected.ProfilePath is null ? "name:" + expected.Name.ToLowerInvariant() : "path:" + expected.ProfilePath);
        }
    }

    [Theory]
    [InlineData("nordstadt-informatik")]
    [InlineData("eastbridge-economics")]
    [InlineData("suedheim-germanistik")]
    [InlineData("westfield-mechanical")]
    public async Task Scrape_EachLayout_ResolvesPhotoUrlsFromSrcDataSrcSrcsetPictureAndBackground(string sourceName)
    {
        var truth = demo.Site.PersonsOf(demo.Site.Department(sourceName));
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(demo.Temp.Workspace);

        var persons = await catalogue.Items.Where(p => p.Source!.Name == sourceName).ToListAsync();

        foreach (var expected in truth)
        {
            var expectedUrl = expected.PhotoUrl is null ? null : new Uri(demo.Site.BaseUrl, expected.PhotoUrl).AbsoluteUri;
            persons.Single(p => p.Name == expected.Name).PhotoUrl.ShouldBe(expectedUrl, $"photo URL of {expected.Name}");
        }
    }

    [Fact]
    public async Task Scrape_PhotosServedBySite_AreStoredAsBlobsNamedByTheirSha256()
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(demo.Temp.Workspace);
        var persons = await catalogue.Items.Include(p => p.Photo).ToListAsync();

        foreach (var expected in demo.Site.Persons.Where(p => demo.Site.PhotoBytes(p) is not null))
        {
            var served = demo.Site.PhotoBytes(expected)!;
            var person = persons.Single(p => p.Name == expected.Name && p.Label == expected.ExpectedLabel);
            person.Photo.ShouldNotBeNull($"{expected.Name} has a photo on the site");
            person.Photo.Sha256.ShouldBe(ContentHash.Of(served));
            person.Photo.Length.ShouldBe(served.LongLength);
            (await File.ReadAllBytesAsync(demo.Temp.Workspace.BlobPath(person.Photo.Sha256))).ShouldBe(served);
        }

        Directory.EnumerateFiles(demo.Temp.Workspace.StoreDirectory, "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task Scrape_JointAppointmentOnTwoPages_StoresOnePhotoForTwoPersons()
    {
        var joint = demo.Site.Persons.GroupBy(p => p.PhotoId).Single(g => g.Key is not null && g.Count() > 1).ToList();
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(demo.Temp.Workspace);

        var persons = await catalogue.Items.Where(p => joint.Select(j => j.Name).Contains(p.Name)).ToListAsync();

        persons.Count.ShouldBe(2);
        persons.Select(p => p.SourceId).Distinct().Count().ShouldBe(2);
        persons[0].PhotoId.ShouldNotBeNull();
        persons[1].PhotoId.ShouldBe(persons[0].PhotoId);
        var sha = ContentHash.Of(demo.Site.PhotoBytes(joint[0])!);
        (await catalogue.Photos.CountAsync(p => p.Sha256 == sha)).ShouldBe(1);
    }

    [Fact]
    public async Task Scrape_PersonListedWithoutImage_GetsRejectedNoPhotoDecision()
    {
        var expected = demo.Site.Persons.Single(p => p.PhotoKind == DemoPhotoKind.None);

        var decision = await DecisionOfAsync(expected);

        decision.Rule.ShouldBe(Rules.NoPhoto);
        decision.Outcome.ShouldBe(nameof(DecisionOutcome.Rejected));
        decision.Reason.ShouldContain(demo.Site.StartUrl(expected.Department).AbsoluteUri);
    }

    [Fact]
    public async Task Scrape_BrokenImageLink_GetsRejectedDownloadDecisionNamingUrlAndStatus()
    {
        var expected = demo.Site.Persons.Single(p => p.PhotoKind == DemoPhotoKind.Missing);

        var decision = await DecisionOfAsync(expected);

        decision.Rule.ShouldBe(Rules.Download);
        decision.Outcome.ShouldBe(nameof(DecisionOutcome.Rejected));
        decision.Reason.ShouldContain(new Uri(demo.Site.BaseUrl, expected.PhotoUrl).AbsoluteUri);
        decision.Reason.ShouldContain("404");
    }

    [Fact]
    public async Task Scrape_PhotoOnHostOutsideAllowedHosts_IsRefusedAsOffScopeWithoutFetching()
    {
        var expected = demo.Site.Persons.Single(p => p.PhotoKind == DemoPhotoKind.OffSite);

        var decision = await DecisionOfAsync(expected);

        decision.Rule.ShouldBe(Rules.Download);
        decision.Outcome.ShouldBe(nameof(DecisionOutcome.Rejected));
        decision.Reason.ShouldContain("off-scope");
        decision.Reason.ShouldContain(expected.PhotoUrl!);
    }

    [Fact]
    public async Task Scrape_PersonWithStoredPhoto_GetsKeptDownloadDecision()
    {
        var expected = demo.Site.Persons.First(p => p.PhotoKind == DemoPhotoKind.Face);

        var decision = await DecisionOfAsync(expected);

        decision.Rule.ShouldBe(Rules.Download);
        decision.Outcome.ShouldBe(nameof(DecisionOutcome.Kept));
    }

    [Fact]
    public void Scrape_FullDemoSite_CountsMatchTheSiteTruth()
    {
        var truth = demo.Site.Persons;
        var stored = truth.Where(p => demo.Site.PhotoBytes(p) is not null).ToList();
        var counts = demo.Result.Counts;

        counts[ScrapeCounts.Sources].ShouldBe(demo.Site.Departments.Count);
        // Eight staff pages, two of them paged (one extra page each).
        counts[ScrapeCounts.Pages].ShouldBe(10);
        counts[ScrapeCounts.Persons].ShouldBe(truth.Count);
        counts[ScrapeCounts.Downloaded].ShouldBe(stored.Count);
        counts[ScrapeCounts.Photos].ShouldBe(stored.Select(p => ContentHash.Of(demo.Site.PhotoBytes(p)!)).Distinct().Count());
        counts[ScrapeCounts.Failed].ShouldBe(truth.Count(p => p.PhotoKind is DemoPhotoKind.Missing or DemoPhotoKind.OffSite));
        counts[ScrapeCounts.NoPhoto].ShouldBe(truth.Count(p => p.PhotoKind == DemoPhotoKind.None));
        counts[ScrapeCounts.SelectorMisses].ShouldBe(0, demo.Result.Summary);
        counts[ScrapeCounts.PageErrors].ShouldBe(0, demo.Result.Summary);
        counts[ScrapeCounts.Vanished].ShouldBe(0);
    }

    [Fact]
    public async Task Scrape_FullDemoSite_ReportsProgressAndRecordsSucceededStageRun()
    {
        demo.Progress.Reports.ShouldContain(p => p.Stage == PipelineStage.Scrape && p.Step.EndsWith(": persons", StringComparison.Ordinal));
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(demo.Temp.Workspace);

        var run = await catalogue.StageRuns.SingleAsync(r => r.Stage == Scrape);

        run.Status.ShouldBe("succeeded");
        run.CountsJson.ShouldContain("\"persons\"");
    }

    private async Task<DecisionRecord> DecisionOfAsync(DemoPerson expected)
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(demo.Temp.Workspace);
        var person = await catalogue.Items.SingleAsync(p => p.Name == expected.Name && p.Source!.Name == expected.Department.Source);
        return await catalogue.Decisions.SingleAsync(d => d.Stage == Scrape && d.SubjectKind == SubjectKinds.Person && d.SubjectId == person.Id);
    }
}
