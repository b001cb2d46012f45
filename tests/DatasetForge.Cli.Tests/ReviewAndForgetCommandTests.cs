using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using DatasetForge.DemoSite;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// <c>forge review</c> and <c>forge forget</c> on a catalogue the demo built: a reviewer's verdict survives curation,
/// and a forgotten person stays gone when the site is scraped again.
/// </summary>
[Collection(nameof(DemoRunCollection))]
public sealed class ReviewAndForgetCommandTests : IAsyncLifetime
{
    private readonly TempWorkspace _temp = new("demo");
    private RunningDemoSite? _site;

    public async Task InitializeAsync()
    {
        _site = await DemoSite.DemoSite.StartAsync(new DemoSiteOptions { SamplePhotosDirectory = TestAssets.SamplePhotosDirectory, AssetsDirectory = TestAssets.Root });
        Environment.SetEnvironmentVariable("DEMO_SITE_URL", _site.BaseUrl.ToString().TrimEnd('/'));
        var (code, output) = await ForgeAsync("run");
        code.ShouldBe(0, output);
    }

    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        _temp.Dispose();
    }

    [Fact]
    public async Task Review_ListByRule_ShowsOnlyThatRulesDecisions()
    {
        var (code, output) = await ForgeAsync("review", "--rule", Rules.NonAcademicRole);

        code.ShouldBe(0, output);
        output.ShouldContain("Sekretariat");
        output.ShouldNotContain("Juniorprofessorin");
    }

    [Fact]
    public async Task Review_AcceptRejectedPerson_KeepsThemThroughTheNextCurateAndExport()
    {
        int secretaryId;
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace))
        {
            secretaryId = (await catalogue.Items.Where(p => p.Person!.Role == "Sekretariat").OrderBy(p => p.Id).FirstAsync()).Id;
        }

        var (code, output) = await ForgeAsync("review", "--accept", secretaryId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--reason", "teaches a seminar");
        code.ShouldBe(0, output);
        (code, output) = await ForgeAsync("curate");
        code.ShouldBe(0, output);
        (code, output) = await ForgeAsync("export");
        code.ShouldBe(0, output);

        await using var after = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        var secretary = await after.Items.SingleAsync(p => p.Id == secretaryId);
        secretary.Status.ShouldBe(ItemStatus.Kept);
        var newest = await Catalogue.VersionHistory.NewestAsync(after, includeItems: true);
        newest!.Items.ShouldContain(i => i.PersonId == secretaryId);
    }

    [Fact]
    public async Task Review_AcceptWithoutReason_IsRefused()
    {
        var (code, output) = await ForgeAsync("review", "--accept", "1");

        code.ShouldNotBe(0);
        output.ShouldContain("reason", Case.Insensitive);
    }

    [Fact]
    public async Task Forget_Person_DeletesTheirPhotoAndAScrapeDoesNotBringThemBack()
    {
        ItemRecord person;
        string blob;
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace))
        {
            person = await catalogue.Items.Include(p => p.Photo).FirstAsync(p => p.Status == ItemStatus.Kept && p.Person!.Role == "Doktorandin");
            blob = _temp.Workspace.BlobPath(person.Photo!.Sha256);
        }

        File.Exists(blob).ShouldBeTrue();
        var (code, output) = await ForgeAsync("forget", "--person", person.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--reason", "asked to be removed");
        code.ShouldBe(0, output);
        (code, output) = await ForgeAsync("scrape");
        code.ShouldBe(0, output);
        (code, output) = await ForgeAsync("curate");
        code.ShouldBe(0, output);

        File.Exists(blob).ShouldBeFalse();
        await using var after = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        (await after.Items.AnyAsync(p => p.Name == person.Name)).ShouldBeFalse();
        (await after.Takedowns.CountAsync()).ShouldBe(1);
        (await after.Photos.AnyAsync(p => p.Sha256 == person.Photo!.Sha256)).ShouldBeFalse();
    }

    private async Task<(int Code, string Output)> ForgeAsync(params string[] args)
    {
        var console = new ConsoleCapture();
        var code = await new ForgeApp(console.Console).RunAsync(
        [
            .. args,
            "-d", "demo",
            "--manifests", RepositoryPaths.Manifests,
            "--scrapers", RepositoryPaths.Scrapers,
            "--workspace", _temp.RootDirectory,
        ]);
        return (code, console.Text);
    }
}
