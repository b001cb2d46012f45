using System.CommandLine;
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

    public static Command Create(ForgeRuntime runtime)
    {
        var command = new Command("schedule", "Host the scheduler: run each dataset's chain on its cron, never twice at once, until Ctrl-C.")
        {
            Datasets, RunNow, Once, DemoSite,
        };
        command.SetAction((result, token) => CommandErrors.HandleAsync(runtime.Console, () => RunAsync(runtime, result, token)));
        return command;
    }

    private static async Task<int> RunAsync(ForgeRuntime runtime, ParseResult result, CancellationToken token)
    {
        var paths = CommonOptions.Paths(result);
        var requested = result.GetValue(Datasets) ?? [];
        var once = result.GetValue(Once);
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
        // The job store lives beside the datasets, so schedules and missed slots survive a restart.
        var options = new ScheduleOptions { StoreFilePath = Path.Combine(paths.Workspace, "schedule.db") };
        await using var scheduler = await ChainScheduler.StartAsync(scheduled, runner, options, runtime.LoggerFactory, runtime.Time, token);
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
}
