using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Leasing;
using DatasetForge.Cli.Output;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Manifests;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DatasetForge.Cli.Hosting;

/// <summary>What every command shares: the console, the clock, logging, paths, and how to load and run a dataset.</summary>
public sealed class ForgeRuntime
{
    public ForgeRuntime(IAnsiConsole console, TimeProvider time, ILoggerFactory loggerFactory)
    {
        Console = console;
        Time = time;
        LoggerFactory = loggerFactory;
    }

    public IAnsiConsole Console { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Whether <c>--verbose</c> was given: the counts table then shows zero counters too.</summary>
    public bool Verbose { get; set; }

    /// <summary>Whether <c>--no-wait</c> was given: a busy dataset is then an error instead of a wait.</summary>
    public bool NoWait { get; set; }

    /// <summary>The command being run, as a lease names its holder (<c>forge run</c>).</summary>
    public string CommandName { get; set; } = "forge";

    /// <summary>
    /// Takes the dataset's lease (waiting, with one message naming the holder, unless <see cref="NoWait"/>), then closes
    /// the stage runs a crashed process left running and removes its temporary files.
    /// </summary>
    public async Task<CatalogueLease> LeaseAsync(DatasetWorkspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var options = NoWait ? new LeaseOptions { WaitTimeout = TimeSpan.Zero } : new LeaseOptions();
        var lease = await CatalogueLeases.AcquireAsync(
            workspace,
            CatalogueLeases.DatasetScope,
            LeaseHolder.ForThisProcess(CommandName),
            options,
            Time,
            holder => Console.MarkupLine($"[yellow]dataset '{Markup.Escape(workspace.Name)}' is busy[/]: {Markup.Escape(LeaseHolder.Describe(holder, Time))}; waiting… (--no-wait exits instead)"),
            cancellationToken);
        try
        {
            if (lease.TakenOverFrom is { } stale)
            {
                Console.MarkupLine($"took over the lease of {Markup.Escape(LeaseHolder.Describe(stale, Time))}, which no longer runs");
            }

            await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, cancellationToken);
            var (stageRuns, trainingRuns) = await catalogue.CloseInterruptedAsync(Time.GetUtcNow().UtcDateTime, cancellationToken);
            var files = TemporaryFiles.RemoveAll(workspace);
            if (stageRuns + trainingRuns + files > 0)
            {
                Console.MarkupLine($"closed {stageRuns} stage run(s) and {trainingRuns} training run(s) left running by a process that stopped; removed {files} temporary file(s)");
            }

            return lease;
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads and validates a dataset's manifests; throws <see cref="ManifestException"/> naming file, line and field.</summary>
    public DatasetDefinition LoadDataset(ForgePaths paths, string dataset)
    {
        var directory = paths.DatasetManifests(dataset);
        if (!Directory.Exists(directory))
        {
            var known = ManifestLoader.FindDatasetDirectories(paths.Manifests).Select(Path.GetFileName);
            throw new ManifestException([new ManifestError(directory, 0, 0, "dataset",
                $"no such dataset folder; datasets under '{paths.Manifests}': {string.Join(", ", known)}")]);
        }

        return new ManifestLoader().LoadDataset(directory, paths.Scrapers);
    }

    /// <summary>Runs <paramref name="only"/> (or all) stages of the chain for a dataset with live progress, and prints what each did.</summary>
    public async Task<IReadOnlyList<StageResult>> RunChainAsync(
        DatasetDefinition dataset,
        ForgePaths paths,
        IReadOnlyCollection<PipelineStage>? only,
        CancellationToken cancellationToken)
    {
        var workspace = paths.WorkspaceOf(dataset);
        await using var lease = await LeaseAsync(workspace, cancellationToken);
        var progress = new ConsoleProgress(Console);
        var context = new StageContext(dataset, workspace, progress, Time);
        using var stages = StageFactory.Create(LoggerFactory);
        var runner = new PipelineRunner(stages.Stages);
        Console.MarkupLine($"[bold]{Markup.Escape(dataset.Name)}[/]: running {Markup.Escape(string.Join(" → ", (only ?? Enum.GetValues<PipelineStage>()).Order().Select(s => s.ToString().ToLowerInvariant())))}");
        var results = await WhileHeldAsync(lease, workspace, held => progress.RunAsync(() => runner.RunAsync(
            context,
            only,
            result =>
            {
                progress.Complete(result.Stage);
                progress.WriteLine($"[green]✓[/] [bold]{result.Stage.ToString().ToLowerInvariant()}[/]: {Markup.Escape(result.Summary)}");
            },
            held)), cancellationToken);
        return results;
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a token that is cancelled by <paramref name="cancellationToken"/> and also when the
    /// lease is lost (another process took it over after this one failed to renew it in time), so two processes never go
    /// on working on one dataset; a lost lease is then an error saying so, not a silent cancellation.
    /// </summary>
    public static async Task<T> WhileHeldAsync<T>(
        CatalogueLease lease, DatasetWorkspace workspace, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(work);
        using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        try
        {
            return await work(held.Token);
        }
        catch (OperationCanceledException) when (lease.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"Stopped: another process took over the lease on dataset '{workspace.Name}' (this one could not renew it in time), " +
                "so it stopped rather than work on the dataset beside it. What was committed is kept; run the command again once the other has finished.");
        }
    }
}
