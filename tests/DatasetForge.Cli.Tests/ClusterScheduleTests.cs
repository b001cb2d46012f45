using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Workspace;
using DatasetForge.DemoSite;
using DatasetForge.Training.Runs;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// <c>forge schedule --cluster</c> with real processes: two nodes share one schedule in a real PostgreSQL, the demo chain
/// fires on one of them, that node is killed with SIGKILL (kill -9) mid-chain, and the other recovers the chain and
/// finishes it; the catalogue (on the same server) then holds each person, version and training run once.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class ClusterScheduleTests : IDisposable
{
    private static readonly TimeSpan StageTimeout = TimeSpan.FromMinutes(4);
    private readonly TempWorkspace _temp = new("demo");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TwoNodes_OneKilledMidChain_TheOtherRecoversTheChainAndFinishesItWithNothingDoubled()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        await using var site = await DemoSite.DemoSite.StartAsync(new DemoSiteOptions { SamplePhotosDirectory = TestAssets.SamplePhotosDirectory, AssetsDirectory = TestAssets.Root });
        Environment.SetEnvironmentVariable("DEMO_SITE_URL", site.BaseUrl.ToString().TrimEnd('/'));

        await using var first = Node("node-1", database);
        await first.WaitForLineAsync(l => l.Contains("cluster node node-1 joined", StringComparison.Ordinal), StageTimeout);
        // The second node asks for a run now; either node may take it.
        await using var second = Node("node-2", database, "--run-now");
        await second.WaitForLineAsync(l => l.Contains("cluster node node-2 joined", StringComparison.Ordinal), StageTimeout);

        var scraped = await Task.WhenAny(
            first.WaitForLineAsync(IsScrapeDone, StageTimeout),
            second.WaitForLineAsync(IsScrapeDone, StageTimeout));
        await scraped; // rethrows a timeout
        var (victim, survivor) = first.Lines.Any(IsScrapeDone) ? (first, second) : (second, first);
        await victim.KillAsync();

        // The survivor notices the silent node after two check-ins and runs the chain again as recovering, to its end.
        await survivor.WaitForLineAsync(l => l.Contains("Chain of dataset demo started (recovered", StringComparison.Ordinal), StageTimeout);
        await survivor.WaitForLineAsync(l => l.Contains("Chain of dataset demo finished", StringComparison.Ordinal), StageTimeout);
        // Quartz's own record: the recovered firing completes, so no node still holds a fired trigger (the dead node's is gone too).
        using (var settle = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (await FiredTriggersAsync(database) > 0)
            {
                await Task.Delay(200, settle.Token);
            }
        }

        await survivor.KillAsync();

        var both = victim.Text + Environment.NewLine + survivor.Text;
        // Before the kill the chain ran on the victim only; the survivor ran it once, recovered.
        victim.Lines.Count(l => l.StartsWith("demo: running", StringComparison.Ordinal)).ShouldBe(1, both);
        survivor.Lines.Count(l => l.StartsWith("demo: running", StringComparison.Ordinal)).ShouldBe(1, both);
        survivor.Lines.Count(l => l.Contains("Chain of dataset demo started", StringComparison.Ordinal)).ShouldBe(1, both);
        victim.Lines.ShouldNotContain(l => l.Contains("Chain of dataset demo finished", StringComparison.Ordinal), both);

        var workspace = new DatasetWorkspace(_temp.RootDirectory, "demo") { Catalogue = database };
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        (await catalogue.Items.CountAsync()).ShouldBe(site.Persons.Count, both);
        (await catalogue.Items.CountAsync(p => p.Status == ItemStatus.Kept)).ShouldBeGreaterThan(0, both);
        (await catalogue.Sources.CountAsync()).ShouldBe(8, both);
        (await catalogue.Faces.CountAsync()).ShouldBeLessThanOrEqualTo(await catalogue.Photos.CountAsync(), both);
        var version = await catalogue.Versions.SingleAsync();
        (await catalogue.VersionItems.CountAsync(v => v.VersionId == version.Id)).ShouldBe(version.ItemCount, both);
        (await catalogue.TrainingRuns.CountAsync(r => r.Status == RunStatus.Trained || r.Status == RunStatus.Evaluated)).ShouldBe(1, both);
        File.Exists(Path.Combine(workspace.ReportsDirectory, "report.html")).ShouldBeTrue(both);
    }

    private static async Task<long> FiredTriggersAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM qrtz_fired_triggers", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static bool IsScrapeDone(string line) => line.StartsWith("✓ scrape", StringComparison.Ordinal);

    private ForgeProcess Node(string id, string database, params string[] more) => ForgeProcess.Start(id,
    [
        "schedule", "-d", "demo",
        "--cluster", database, "--checkin-interval", "2", "--node-id", id, "--whole-chains",
        "--catalogue", database,
        "--manifests", RepositoryPaths.Manifests,
        "--scrapers", RepositoryPaths.Scrapers,
        "--workspace", _temp.RootDirectory,
        .. more,
    ]);
}

/// <summary>The cluster tests run alone: their nodes are timed by check-ins, which a machine busy with other tests could starve.</summary>
[CollectionDefinition(nameof(ClusterCollection), DisableParallelization = true)]
public sealed class ClusterCollection;
