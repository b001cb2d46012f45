using System.CommandLine;
using DatasetForge.Cli.Commands;
using DatasetForge.Cli.Hosting;
using DatasetForge.Cli.Output;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DatasetForge.Cli;

/// <summary>The forge command line: one verb per stage, <c>run</c> for the chain, <c>demo</c>, <c>schedule</c>, <c>manifest check</c>.</summary>
public sealed class ForgeApp
{
    private readonly ForgeRuntime _runtime;

    public ForgeApp(IAnsiConsole console, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (!console.Profile.Capabilities.Interactive)
        {
            // Logs and pipes get whole lines: a path or an error wrapped at 80 columns can no longer be copied or grepped.
            console.Profile.Width = 4096;
        }

        _runtime = new ForgeRuntime(console, time ?? TimeProvider.System, loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var root = BuildRootCommand();
        var writer = new ConsoleTextWriter(_runtime.Console);
        var configuration = new InvocationConfiguration
        {
            Output = writer,
            Error = writer,
            // Ctrl-C cancels the token; stages stop between items and keep what they finished.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        var parsed = root.Parse(args);
        _runtime.Verbose = parsed.GetValue(CommonOptions.Verbose);
        _runtime.NoWait = parsed.GetValue(CommonOptions.NoWait);
        var names = new List<string>();
        for (var command = parsed.CommandResult; command is not null && command.Parent is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, command.Command.Name);
        }

        _runtime.CommandName = string.Join(' ', ["forge", .. names]);
        return parsed.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>The command tree.</summary>
    public RootCommand BuildRootCommand()
    {
        var root = new RootCommand("DatasetForge: scrape, curate, audit, version and train face-image datasets.")
        {
            CommonOptions.Manifests,
            CommonOptions.Scrapers,
            CommonOptions.Workspace,
            CommonOptions.Catalogue,
            CommonOptions.Verbose,
            CommonOptions.NoWait,
        };
        foreach (var command in StageCommands.Create(_runtime).Concat(DemoCommands.Create(_runtime)))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(ScheduleCommand.Create(_runtime));
        root.Subcommands.Add(ManifestCommands.Create(_runtime));
        root.Subcommands.Add(VersionsCommand.Create(_runtime));
        root.Subcommands.Add(ReviewCommand.Create(_runtime));
        root.Subcommands.Add(ForgetCommand.Create(_runtime));
        root.Subcommands.Add(PredictCommand.Create(_runtime));
        return root;
    }
}
