using System.Diagnostics;
using DatasetForge.Core.Workspace;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Testing;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// The real <c>forge scrape</c> process, killed (SIGKILL) once the site has served a given number of requests, then run
/// again: the second run fetches nothing the first had already got (apart from what was in flight and robots.txt) and the
/// catalogue ends as a clean run's.
/// </summary>
public sealed class KilledCrawlTests : IAsyncLifetime
{
    private readonly TempWorkspace _temp = new("big");
    private FixtureServer _server = null!;
    private LargeStaffSite _site = null!;

    public async Task InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _site = LargeStaffSite.Serve(_server, listPages: 40, perPage: 6);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [InlineData(20)] // among the list pages
    [InlineData(300)] // among the profile pages and photos
    public async Task Scrape_KilledAfterSomeRequests_ResumesWhereItWasAndEndsAsACleanRun(int served)
    {
        var manifests = WriteManifests();
        (await ForgeAsync(manifests, "clean")).ShouldBe(0);
        var clean = Paths();

        _server.ClearLog();
        using (var forge = Start(manifests, "killed"))
        {
            while (!forge.HasExited && _server.Requests.Count < served)
            {
                await Task.Delay(5);
            }

            forge.HasExited.ShouldBeFalse("forge finished before it could be killed");
            forge.Kill(entireProcessTree: true);
            await forge.WaitForExitAsync();
        }

        var first = Paths();
        first.Count.ShouldBeLessThan(clean.Count);
        _server.ClearLog();
        (await ForgeAsync(manifests, "killed")).ShouldBe(0);
        var second = Paths();

        second.Distinct().Count().ShouldBe(second.Count);
        // What was in flight when it died: at most one request per parallel task (8) and per host slot (2).
        var twice = first.Intersect(second).ToList();
        twice.Count.ShouldBeLessThanOrEqualTo(10, string.Join(", ", twice));
        first.Union(second).Count().ShouldBe(clean.Count);
        var killed = new DatasetWorkspace(Path.Combine(_temp.RootDirectory, "killed"), "big");
        var cleanWorkspace = new DatasetWorkspace(Path.Combine(_temp.RootDirectory, "clean"), "big");
        (await CatalogueSnapshot.OfScrapeAsync(killed, _server.BaseUrl)).ShouldBe(await CatalogueSnapshot.OfScrapeAsync(cleanWorkspace, _server.BaseUrl));
    }

    private List<string> Paths() => [.. _server.Requests.Select(r => r.PathAndQuery).Where(p => p != "/robots.txt")];

    private string WriteManifests()
    {
        var root = Path.Combine(_temp.RootDirectory, "manifests");
        Directory.CreateDirectory(Path.Combine(root, "big"));
        File.WriteAllText(Path.Combine(root, "big", "dataset.yaml"), "dataset: big\nlabel: field\nlabelKind: category\n");
        File.WriteAllText(Path.Combine(root, "big", "staff.yaml"), _site.ManifestYaml("staff", "cs"));
        Directory.CreateDirectory(Path.Combine(_temp.RootDirectory, "scrapers"));
        return root;
    }

    private Process Start(string manifests, string workspace)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "forge.dll"), "scrape", "-d", "big", "--manifests", manifests,
            "--scrapers", Path.Combine(_temp.RootDirectory, "scrapers"), "--workspace", Path.Combine(_temp.RootDirectory, workspace),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        // Drain both streams so a chatty run never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private async Task<int> ForgeAsync(string manifests, string workspace)
    {
        using var forge = Start(manifests, workspace);
        await forge.WaitForExitAsync();
        return forge.ExitCode;
    }
}
