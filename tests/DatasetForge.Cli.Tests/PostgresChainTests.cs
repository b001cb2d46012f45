using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Workspace;
using DatasetForge.DemoSite;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Cli.Tests;

/// <summary>The whole chain (scrape, curate, report, export, train) on the demo site with the catalogue on a real PostgreSQL server.</summary>
[Collection(nameof(DemoRunCollection))]
public sealed class PostgresChainTests : IDisposable
{
    private readonly TempWorkspace _temp = new("demo");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Run_WithCatalogueOnPostgres_RunsTheChainAndWritesNoSqliteFile()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var site = await DemoSite.DemoSite.StartAsync(new DemoSiteOptions { SamplePhotosDirectory = TestAssets.SamplePhotosDirectory });
        Environment.SetEnvironmentVariable("DEMO_SITE_URL", site.BaseUrl.ToString().TrimEnd('/'));
        var console = new ConsoleCapture();

        var code = await new ForgeApp(console.Console).RunAsync(
        [
            "run", "-d", "demo",
            "--manifests", RepositoryPaths.Manifests,
            "--scrapers", RepositoryPaths.Scrapers,
            "--workspace", _temp.RootDirectory,
            "--catalogue", database,
        ]);

        code.ShouldBe(0, console.Text);
        File.Exists(_temp.Workspace.CataloguePath).ShouldBeFalse();
        var workspace = new DatasetWorkspace(_temp.RootDirectory, "demo") { Catalogue = database };
        CatalogueLocation.For(workspace).Provider.ShouldBe(CatalogueProvider.Postgres);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        (await catalogue.Items.CountAsync(p => p.Status == ItemStatus.Kept)).ShouldBeGreaterThan(0);
        (await catalogue.Items.CountAsync()).ShouldBe(site.Persons.Count);
        (await catalogue.Items.CountAsync(p => p.Person != null && p.Person.Role != null)).ShouldBeGreaterThan(0);
        var version = await catalogue.Versions.SingleAsync();
        (await catalogue.VersionItems.CountAsync(v => v.VersionId == version.Id)).ShouldBe(version.ItemCount);
        version.ItemCount.ShouldBeGreaterThan(0);
        (await catalogue.TrainingRuns.CountAsync()).ShouldBe(1);
        (await catalogue.StageRuns.CountAsync(r => r.Status != "succeeded")).ShouldBe(0);
        File.Exists(Path.Combine(_temp.Workspace.ReportsDirectory, "report.html")).ShouldBeTrue();
    }
}
