using System.CommandLine;
using System.Globalization;
using DatasetForge.Catalogue;
using DatasetForge.Cli.Hosting;
using DatasetForge.Manifests;
using DatasetForge.Scheduling;
using Spectre.Console;

namespace DatasetForge.Cli.Commands;

/// <summary><c>forge schedule</c>: hosts Quartz and runs each dataset's chain on the cron in its dataset.yaml.</summary>
internal static class ScheduleCommand
{
    private static readonly Option<string[]> Datasets = new("--dataset", "-d")
    {
        Description = "Datasets to schedule (repeatable). Default: every dataset whose dataset.yaml has a schedule.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<bool> RunNow = new("--run-now")
    {
        Description = "Also run each scheduled chain once right away.",
    };

    private static readonly Option<bool> Once = new("--once")
    {
        Description = "Run each scheduled chain once now through the scheduler, wait for it, and exit.",
    };

    private static readonly Option<bool> DemoSite = new("--demo-site")
    {
        Description = "Serve the demo site on 127.0.0.1 while scheduling (for the demo dataset).",
    };

    /// <summary>The environment variable read when no <c>--cluster</c> is given.</summary>
    public const string ClusterEnvironmentVariable = "DATASETFORGE_SCHEDULE_CLUSTER";

    private static readonly Option<string> Cluster = new("--cluster")
    {
        Description = "Join a cluster of schedulers sharing one schedule in PostgreSQL (postgres://user:password@host:5432/database or a "
            + "connection string; Quartz's tables are created when missing): each chain runs on one node, and a dead node's chain is "
            + $"recovered by another. Default: ${ClusterEnvironmentVariable}, else no cluster (the SQLite file datasets/schedule.db).",
        HelpName = "postgres",
    };

    private static readonly Option<double> CheckinInterval = new("--checkin-interval")
    {
        Description = "Seconds between a cluster node's check-ins; a node silent for twice this is taken for dead and its chains are recovered elsewhere. Default: 7.5.",
        HelpName = "seconds",
        DefaultValueFactory = _ => ScheduleOptions.DefaultClusterCheckinInterval.TotalSeconds,
    };

    private static readonly Option<string> NodeId = new("--node-id")
    {
        Description = "This node's id in the cluster, unique per node. Default: generated (host name and a time stamp).",
        HelpName = "id",
    };

    private static readonly Option<bool> WholeChains = new("--whole-chains")
    {
        Description = "In a cluster, run each dataset's whole chain on one node. Default: a dataset with several web sources scrapes "
            + "each source as its own job on whichever node is free, and the rest of its chain runs once when all are done.",
    };

    public static Command Create(ForgeRuntime runtime)
    {
        var command = new Command("schedule", "Host the scheduler: run each dataset's chain on its cron, never twice at once, until Ctrl-C.")
        {
            Datasets, RunNow, Once, DemoSite, Cluster, CheckinInterval, NodeId, WholeChains,
        };
        command.SetAction((result, token) => CommandErrors.HandleAsync(runtime.Console, () => RunAsync(runtime, result, token)));
        return command;
    }

    private static async Task<int> RunAsync(ForgeRuntime runtime, ParseResult result, CancellationToken token)
    {
        var paths = CommonOptions.Paths(result);
        var requested = result.GetValue(Datasets) ?? [];
        var once = result.GetValue(Once);
        var options = Options(result, paths);
        if (once && options.Clustered)
        {
            throw new ArgumentException("--once waits for chains on this process, but in a cluster a run may start on any node: use --run-now (and stop the node with Ctrl-C).");
        }
        var names = requested.Length > 0
            ? requested
            : [.. ManifestLoader.FindDatasetDirectories(paths.Manifests).Select(d => Path.GetFileName(d)!)];

        // Validate everything before the scheduler starts: a bad manifest is rejected before anything runs.
        var definitions = names.Select(n => runtime.LoadDataset(paths, n)).ToList();
        var scheduled = ScheduledDataset.FromDefinitions(definitions);
        foreach (var unscheduled in definitions.Where(d => d.Schedule is null))
        {
            runtime.Console.MarkupLine($"[yellow]{Markup.Escape(unscheduled.Name)} has no schedule[/]: add 'schedule: \"0 0 3 ? * MON\"' to its dataset.yaml (or run it with 'forge run').");
        }

        if (scheduled.Count == 0)
        {
            return CommandErrors.Failed;
        }

        await using var site = result.GetValue(DemoSite) ? await DemoCommands.StartSiteForScheduleAsync(runtime, token) : null;
        var runner = new ConsoleChainRunner(runtime, paths);
        await using var scheduler = await ChainScheduler.StartAsync(scheduled, runner, options, runtime.LoggerFactory, runtime.Time, token);
        if (scheduler.Clustered)
        {
            runtime.Console.MarkupLine($"cluster node [bold]{Markup.Escape(scheduler.InstanceId)}[/] joined; check-in every {options.ClusterCheckinInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }

        foreach (var dataset in scheduled)
        {
            var next = await scheduler.GetNextFireTimeAsync(dataset.Name, token);
            runtime.Console.MarkupLine($"scheduled [bold]{Markup.Escape(dataset.Name)}[/] on '{Markup.Escape(dataset.Cron)}'; next run {(next is { } n ? n.ToString("u") : "never")}");
        }

        if (result.GetValue(RunNow) || once)
        {
            foreach (var dataset in scheduled)
            {
                await scheduler.TriggerNowAsync(dataset.Name, token);
            }
        }

        try
        {
            if (once)
            {
                await scheduler.WaitForIdleAsync(token);
            }
            else
            {
                runtime.Console.WriteLine("Scheduler running; Ctrl-C stops it gracefully.");
                await Task.Delay(Timeout.Infinite, token);
            }
        }
        catch (OperationCanceledException)
        {
            runtime.Console.WriteLine("Stopping: waiting for running chains to reach a safe point.");
        }
        finally
        {
            await scheduler.StopAsync(waitForRunningChains: false, CancellationToken.None);
        }

        return runner.Failures == 0 ? 0 : CommandErrors.Failed;
    }

    /// <summary>The scheduler's settings: a cluster on PostgreSQL, else the job store beside the datasets (so schedules and missed slots survive a restart).</summary>
    private static ScheduleOptions Options(ParseResult result, ForgePaths paths)
    {
        var cluster = result.GetValue(Cluster) is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable(ClusterEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        var checkin = result.GetValue(CheckinInterval);
        if (!(checkin >= 0.1 && checkin <= 3600))
        {
            throw new ArgumentException($"--checkin-interval must be between 0.1 and 3600 seconds, not {checkin.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (cluster is null)
        {
            return new ScheduleOptions { StoreFilePath = Path.Combine(paths.Workspace, "schedule.db") };
        }

        string connection;
        try
        {
            connection = CatalogueLocation.PostgresConnectionString(cluster, "cluster");
        }
        catch (FormatException error)
        {
            throw new ArgumentException($"--cluster: {error.Message}.", error);
        }

        return new ScheduleOptions
        {
            ClusterConnectionString = connection,
            ClusterCheckinInterval = TimeSpan.FromSeconds(checkin),
            InstanceId = result.GetValue(NodeId) is { Length: > 0 } id ? id : null,
            SpreadSources = !result.GetValue(WholeChains),
        };
    }
}
