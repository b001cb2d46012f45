using System.Collections.Concurrent;
using DatasetForge.Testing;
using Npgsql;

namespace DatasetForge.Scheduling.Tests;

/// <summary>
/// Two nodes of a cluster in one process, on a real PostgreSQL, spreading one dataset's sources: every source job runs
/// once, on either node, the continuation runs once after the last, a second request while the firing is in flight
/// plans nothing more, and no job is left in the store. Real crawls on real processes are in the CLI tests.
/// </summary>
public sealed class SourceJobsStoreTests
{
    private static readonly string[] Sources = [.. Enumerable.Range(1, 12).Select(i => $"dept-{i:D2}")];

    [Fact]
    public async Task The_sources_of_one_firing_run_once_each_over_both_nodes_and_the_rest_of_the_chain_once_after_them()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        var log = new ConcurrentQueue<string>();
        var runnerA = new SplitRunner("a", log);
        var runnerB = new SplitRunner("b", log);
        await using var a = await ChainScheduler.StartAsync([new ScheduledDataset("faces", "0 0 3 * * ?")], runnerA, Node(connection, "node-a"));
        await using var b = await ChainScheduler.StartAsync([new ScheduledDataset("faces", "0 0 3 * * ?")], runnerB, Node(connection, "node-b"));

        await a.TriggerNowAsync("faces");
        // A second request while the first firing's sources are in flight: that firing covers it.
        await WaitUntilAsync(() => log.Any(l => l.StartsWith("scraped", StringComparison.Ordinal)));
        await b.TriggerNowAsync("faces");
        await WaitUntilAsync(() => log.Any(l => l.StartsWith("rest", StringComparison.Ordinal)), TimeSpan.FromSeconds(60));
        await WaitUntilAsync(async () => await ScalarAsync(connection, "SELECT count(*) FROM qrtz_job_details WHERE job_group <> 'datasets'") == 0);
        // Long enough for anything planned twice to have started.
        await Task.Delay(TimeSpan.FromSeconds(3));

        var entries = log.ToList();
        var scraped = entries.Where(l => l.StartsWith("scraped", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToList();
        scraped.Order().ToList().ShouldBe([.. Sources], string.Join(Environment.NewLine, entries));
        runnerA.Scraped.ShouldBeGreaterThan(0, string.Join(Environment.NewLine, entries));
        runnerB.Scraped.ShouldBeGreaterThan(0, string.Join(Environment.NewLine, entries));
        entries.Count(l => l.StartsWith("rest", StringComparison.Ordinal)).ShouldBe(1);
        entries.FindIndex(l => l.StartsWith("rest", StringComparison.Ordinal)).ShouldBeGreaterThan(entries.FindLastIndex(l => l.StartsWith("scraped", StringComparison.Ordinal)));
        (runnerA.WholeChains + runnerB.WholeChains).ShouldBe(0);
    }

    private static ScheduleOptions Node(string connection, string id) => new()
    {
        TimeZone = TimeZoneInfo.Utc,
        ClusterConnectionString = connection,
        ClusterCheckinInterval = TimeSpan.FromSeconds(1),
        SourceJobInterval = TimeSpan.FromMilliseconds(500),
        InstanceId = id,
    };

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? within = null) =>
        await WaitUntilAsync(() => Task.FromResult(condition()), within);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A node's runner: each source takes a while (as a crawl does), and every step is logged in order.</summary>
    private sealed class SplitRunner(string node, ConcurrentQueue<string> log) : ISourceChainRunner
    {
        private int _scraped;
        private int _wholeChains;

        public int Scraped => Volatile.Read(ref _scraped);

        public int WholeChains => Volatile.Read(ref _wholeChains);

        public Task RunAsync(string dataset, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _wholeChains);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<string>> ListSourcesAsync(string dataset, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>(Sources);

        public async Task<bool> ScrapeSourceAsync(string dataset, string source, DateTimeOffset plannedAt, CancellationToken cancellationToken = default)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(400), cancellationToken);
            Interlocked.Increment(ref _scraped);
            log.Enqueue($"scraped {source} on {node}");
            return true;
        }

        public Task RunAfterScrapeAsync(string dataset, CancellationToken cancellationToken = default)
        {
            log.Enqueue($"rest of {dataset} on {node}");
            return Task.CompletedTask;
        }
    }
}
