using DatasetForge.Core.Workspace;
using DatasetForge.DemoSite;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// <c>forge schedule --cluster</c> spreading one dataset's sources over the nodes, with real processes on a real PostgreSQL:
/// the demo dataset's eight sources are scraped as separate jobs by two nodes, each page and photo is fetched once (counted
/// on the server), and the rest of the chain runs once, after the last source.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class SourceJobsClusterTests : IDisposable
{
    private static readonly TimeSpan ChainTimeout = TimeSpan.FromMinutes(6);
    private readonly TempWorkspace _temp = new("demo");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TwoNodes_TheSourcesOfOneDatasetAreSpreadOverBothAndEachPageIsFetchedOnce()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        // Every answer waits, as a distant site's would: a source takes long enough that the other node gets work too.
        await using var site = await DemoSite.DemoSite.StartAsync(new DemoSiteOptions
        {
            SamplePhotosDirectory = TestAssets.SamplePhotosDirectory,
            AssetsDirectory = TestAssets.Root,
            RequestDelay = TimeSpan.FromMilliseconds(150),
        });
        Environment.SetEnvironmentVariable("DEMO_SITE_URL", site.BaseUrl.ToString().TrimEnd('/'));

        await using var first = Node("node-1", database);
        await first.WaitForLineAsync(l => l.Contains("cluster node node-1 joined", StringComparison.Ordinal), ChainTimeout);
        // The second node asks for a run now; either node may plan it, and both take its sources.
        await using var second = Node("node-2", database, "--run-now");
        await second.WaitForLineAsync(l => l.Contains("cluster node node-2 joined", StringComparison.Ordinal), ChainTimeout);
        var finished = await Task.WhenAny(
            first.WaitForLineAsync(IsFinished, ChainTimeout),
            second.WaitForLineAsync(IsFinished, ChainTimeout));
        await finished; // rethrows a timeout
        await first.KillAsync();
        await second.KillAsync();
        var both = first.Text + Environment.NewLine + second.Text;

        var departments = site.Departments.Select(d => d.Source).ToList();
        departments.Count.ShouldBe(8);
        var onFirst = ScrapedSources(first);
        var onSecond = ScrapedSources(second);
        // Each source was scraped once, on one node, and both nodes took some.
        onFirst.Concat(onSecond).Order().ShouldBe(departments.Order(), both);
        onFirst.ShouldNotBeEmpty(both);
        onSecond.ShouldNotBeEmpty(both);
        // The rest of the chain ran once, after every source.
        var continued = first.Lines.Concat(second.Lines).Count(l => l.Contains("Chain of dataset demo continues after its 8 source(s)", StringComparison.Ordinal));
        continued.ShouldBe(1, both);
        first.Lines.Concat(second.Lines).Count(IsFinished).ShouldBe(1, both);
        var continuing = first.Lines.Any(l => l.Contains("continues after", StringComparison.Ordinal)) ? first : second;
        var continuedAt = continuing.Lines.ToList().FindIndex(l => l.Contains("continues after", StringComparison.Ordinal));
        continuing.Lines.Skip(continuedAt).ShouldNotContain(l => l.Contains("Source ", StringComparison.Ordinal) && l.Contains(" scraped on node", StringComparison.Ordinal), both);

        // Counted on the server: no page or photo was fetched twice. Left out: robots.txt, read once per node, and the
        // stylesheet and scripts that Chromium loads with every page it renders (both Westfield sources render theirs).
        var requests = site.Requests.Where(p => p != "/robots.txt" && !p.Contains("/assets/", StringComparison.Ordinal)).ToList();
        requests.ShouldNotBeEmpty();
        var twice = requests.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        twice.ShouldBeEmpty(string.Join(", ", twice) + Environment.NewLine + both);

        var workspace = new DatasetWorkspace(_temp.RootDirectory, "demo") { Catalogue = database };
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        (await catalogue.Items.CountAsync()).ShouldBe(site.Persons.Count, both);
        (await catalogue.Sources.CountAsync()).ShouldBe(8, both);
        (await catalogue.Sources.CountAsync(s => s.LastScrapedAt != null)).ShouldBe(8, both);
        (await catalogue.Versions.CountAsync()).ShouldBe(1, both);
        (await catalogue.Leases.CountAsync()).ShouldBe(0, both);
    }

    [Fact]
    public async Task TwoNodes_OneKilledMidSource_TheOtherRecoversThatSourceAndFinishesTheChainOnce()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var site = await DemoSite.DemoSite.StartAsync(new DemoSiteOptions
        {
            SamplePhotosDirectory = TestAssets.SamplePhotosDirectory,
            AssetsDirectory = TestAssets.Root,
            RequestDelay = TimeSpan.FromMilliseconds(150),
        });
        Environment.SetEnvironmentVariable("DEMO_SITE_URL", site.BaseUrl.ToString().TrimEnd('/'));

        await using var first = Node("node-1", database);
        await first.WaitForLineAsync(l => l.Contains("cluster node node-1 joined", StringComparison.Ordinal), ChainTimeout);
        await using var second = Node("node-2", database, "--run-now");
        await second.WaitForLineAsync(l => l.Contains("cluster node node-2 joined", StringComparison.Ordinal), ChainTimeout);

        // Killed (SIGKILL) in the middle of a source: some of its photos fetched, not all.
        static bool MidSource(string line) => line.Contains(": persons 4/", StringComparison.Ordinal);
        var midway = await Task.WhenAny(first.WaitForLineAsync(MidSource, ChainTimeout), second.WaitForLineAsync(MidSource, ChainTimeout));
        await midway;
        var (victim, survivor) = first.Lines.Any(MidSource) ? (first, second) : (second, first);
        await victim.KillAsync();
        var startedOnVictim = victim.Lines.Where(l => l.Contains("] Source ", StringComparison.Ordinal) && l.Contains(" of dataset demo started", StringComparison.Ordinal)).Select(SourceOf).ToList();
        var doneOnVictim = ScrapedSources(victim);
        var cut = startedOnVictim.Except(doneOnVictim).ShouldHaveSingleItem(victim.Text);

        await survivor.WaitForLineAsync(IsFinished, ChainTimeout);
        await survivor.KillAsync();
        var both = victim.Text + Environment.NewLine + survivor.Text;

        // The source cut short was finished by the survivor, and every source was scraped to its end once.
        ScrapedSources(survivor).ShouldContain(cut, both);
        doneOnVictim.Concat(ScrapedSources(survivor)).Order().ShouldBe(site.Departments.Select(d => d.Source).Order(), both);
        survivor.Lines.Count(l => l.Contains("Chain of dataset demo continues after its 8 source(s)", StringComparison.Ordinal)).ShouldBe(1, both);
        victim.Lines.ShouldNotContain(l => l.Contains("continues after", StringComparison.Ordinal), both);

        // Only what was in flight at the kill can have been asked for twice (as in KilledCrawlTests: at most one request
        // per parallel task and per host slot): the source's frontier kept everything answered before.
        var twice = site.Requests.Where(p => p != "/robots.txt" && !p.Contains("/assets/", StringComparison.Ordinal))
            .GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        twice.Count.ShouldBeLessThanOrEqualTo(10, string.Join(", ", twice) + Environment.NewLine + both);

        var workspace = new DatasetWorkspace(_temp.RootDirectory, "demo") { Catalogue = database };
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        (await catalogue.Items.CountAsync()).ShouldBe(site.Persons.Count, both);
        (await catalogue.Versions.CountAsync()).ShouldBe(1, both);
    }

    private static string SourceOf(string line) => line[(line.IndexOf("Source ", StringComparison.Ordinal) + "Source ".Length)..].Split(' ')[0];

    private static List<string> ScrapedSources(ForgeProcess node) =>
    [
        .. node.Lines
            .Where(l => l.Contains("Source ", StringComparison.Ordinal) && l.Contains(" of dataset demo scraped on node " + node.Name, StringComparison.Ordinal))
            .Select(SourceOf),
    ];

    private static bool IsPlanned(string line) => line.Contains("Chain of dataset demo spread over the cluster: 8 source job(s)", StringComparison.Ordinal);

    private static bool IsFinished(string line) => line.Contains("Chain of dataset demo finished", StringComparison.Ordinal);

    private ForgeProcess Node(string id, string database, params string[] more) => ForgeProcess.Start(id,
    [
        "schedule", "-d", "demo",
        "--cluster", database, "--checkin-interval", "2", "--node-id", id,
        "--catalogue", database,
        "--manifests", RepositoryPaths.Manifests,
        "--scrapers", RepositoryPaths.Scrapers,
        "--workspace", _temp.RootDirectory,
        .. more,
    ]);
}
