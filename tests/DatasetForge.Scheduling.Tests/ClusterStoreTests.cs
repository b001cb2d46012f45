using DatasetForge.Scheduling.Tests.Support;
using DatasetForge.Testing;
using Npgsql;

namespace DatasetForge.Scheduling.Tests;

/// <summary>
/// Nodes of a cluster in one process, on a real PostgreSQL: the store's tables are created, a run fires on exactly one node,
/// and a dataset's chain never runs on two nodes at once. A node killed mid-chain is tested with real processes in the CLI tests.
/// </summary>
public sealed class ClusterStoreTests
{

    private static ScheduleOptions Node(string connection, string id) => new()
    {
        TimeZone = TimeZoneInfo.Utc,
        ClusterConnectionString = connection,
        ClusterCheckinInterval = TimeSpan.FromSeconds(1),
        InstanceId = id,
    };

    [Fact]
    public async Task The_first_node_creates_the_quartz_tables_and_a_second_node_shares_the_stored_schedule()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        (await CountQuartzTablesAsync(connection)).ShouldBe(0);

        await using var first = await ChainScheduler.StartAsync([new ScheduledDataset("faces", "0 0 * * * ?")], new RecordingChainRunner(), Node(connection, "node-a"));
        (await CountQuartzTablesAsync(connection)).ShouldBeGreaterThan(10);
        await using var second = await ChainScheduler.StartAsync([new ScheduledDataset("faces", "0 0 * * * ?")], new RecordingChainRunner(), Node(connection, "node-b"));

        first.Clustered.ShouldBeTrue();
        first.InstanceId.ShouldBe("node-a");
        second.InstanceId.ShouldBe("node-b");
        (await ScalarAsync(connection, "SELECT count(*) FROM qrtz_scheduler_state")).ShouldBe(2L);
        (await ScalarAsync(connection, "SELECT count(*) FROM qrtz_job_details WHERE job_name = 'faces' AND requests_recovery AND is_nonconcurrent")).ShouldBe(1L);
        (await second.GetNextFireTimeAsync("faces")).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_requested_run_fires_on_exactly_one_of_two_nodes()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        var runnerA = new RecordingChainRunner();
        var runnerB = new RecordingChainRunner();
        await using var a = await ChainScheduler.StartAsync([new ScheduledDataset("faces", "0 0 3 * * ?")], runnerA, Node(connection, "node-a"));
        await using var b = await ChainScheduler.StartAsync([new ScheduledDataset("faces", "0 0 3 * * ?")], runnerB, Node(connection, "node-b"));

        await a.TriggerNowAsync("faces");
        await Task.WhenAny(runnerA.FirstRun, runnerB.FirstRun).WaitAsync(TestTimeouts.Generous);
        await WaitUntilAsync(() => runnerA.Completed + runnerB.Completed == 1);
        // Long enough for a second node that took the same firing to have started it.
        await Task.Delay(TimeSpan.FromSeconds(2));

        (runnerA.Started + runnerB.Started).ShouldBe(1);
    }

    [Fact]
    public async Task A_datasets_chain_never_runs_on_two_nodes_at_once()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync();
        var running = 0;
        var most = 0;
        var done = 0;
        async Task Body(string dataset, int index, CancellationToken token)
        {
            var now = Interlocked.Increment(ref running);
            lock (Locked)
            {
                most = Math.Max(most, now);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(700), token);
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref done);
        }

        await using var a = await ChainScheduler.StartAsync([new ScheduledDataset("faces", "0 0 3 * * ?")], new RecordingChainRunner(Body), Node(connection, "node-a"));
        await using var b = await ChainScheduler.StartAsync([new ScheduledDataset("faces", "0 0 3 * * ?")], new RecordingChainRunner(Body), Node(connection, "node-b"));

        // Four requests from both nodes at once: each node has a free thread, so only the job store's block keeps them apart.
        await Task.WhenAll(a.TriggerNowAsync("faces"), b.TriggerNowAsync("faces"), a.TriggerNowAsync("faces"), b.TriggerNowAsync("faces"));
        await WaitUntilAsync(() => Volatile.Read(ref done) == 4, TimeSpan.FromSeconds(40));

        most.ShouldBe(1);
    }

    private static readonly Lock Locked = new();

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TestTimeouts.Generous);
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task<long> CountQuartzTablesAsync(string connection) =>
        await ScalarAsync(connection, "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz_%'");

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
