using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Leasing;
using DatasetForge.Cli.Output;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Manifests;
using Microsoft.EntityFrameworkCore;
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
            // A cluster's source jobs scrape single sources under leases of their own: the whole dataset waits for them,
            // and they for it (they see this lease and step back), so neither scrapes what the other is scraping.
            string? reported = null;
            while (await CatalogueLeases.FindLiveHoldersAsync(catalogue, CatalogueLeases.SourceScopePrefix, Time, cancellationToken) is [var source, ..])
            {
                if (NoWait)
                {
                    throw new LeaseUnavailableException($"dataset '{workspace.Name}' is busy: {LeaseHolder.Describe(source, Time)} scrapes its {source.Scope}.", source);
                }

                if (reported != source.InstanceId)
                {
                    reported = source.InstanceId;
                    Console.MarkupLine($"[yellow]dataset '{Markup.Escape(workspace.Name)}' is busy[/]: {Markup.Escape(LeaseHolder.Describe(source, Time))} scrapes its {Markup.Escape(source.Scope)}; waiting… (--no-wait exits instead)");
                }

                await Task.Delay(options.PollInterval, Time, cancellationToken);
            }

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

    /// <summary>
    /// Scrapes one web source of <paramref name="dataset"/> for a cluster's source job: under the source's own lease (so the
    /// other sources of the dataset are scraped on other nodes meanwhile), after any holder of the whole dataset's lease is
    /// done; skipped when the source was scraped at or after <paramref name="plannedAt"/>.
    /// </summary>
    /// <returns>Whether it scraped (false: done for this firing already, or no longer in the manifests).</returns>
    public async Task<bool> ScrapeSourceAsync(DatasetDefinition dataset, string source, ForgePaths paths, DateTimeOffset plannedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var manifest = dataset.Sources.FirstOrDefault(s => s.Name == source && s.Kind == SourceKind.Web);
        if (manifest is null)
        {
            Console.MarkupLine($"[yellow]{Markup.Escape(dataset.Name)}/{Markup.Escape(source)}[/]: no longer a web source in the manifests; not scraped");
            return false;
        }

        var workspace = paths.WorkspaceOf(dataset);
        workspace.EnsureCreated();
        var holder = LeaseHolder.ForThisProcess(CommandName);
        var scope = CatalogueLeases.SourceScope(source);
        var reportedDataset = false;
        while (true)
        {
            CatalogueLease? lease = await CatalogueLeases.AcquireAsync(
                workspace,
                scope,
                holder,
                new LeaseOptions(),
                Time,
                busy => Console.MarkupLine($"[yellow]{Markup.Escape(dataset.Name)}/{Markup.Escape(source)} is busy[/]: {Markup.Escape(LeaseHolder.Describe(busy, Time))}; waiting…"),
                cancellationToken);
            try
            {
                await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, cancellationToken);
                if (await CatalogueLeases.FindLiveHolderAsync(catalogue, CatalogueLeases.DatasetScope, Time, cancellationToken) is { } whole)
                {
                    // A forge command (or a continuation) works on the whole dataset: step back until it is done.
                    if (!reportedDataset)
                    {
                        reportedDataset = true;
                        Console.MarkupLine($"[yellow]dataset '{Markup.Escape(dataset.Name)}' is busy[/]: {Markup.Escape(LeaseHolder.Describe(whole, Time))}; source {Markup.Escape(source)} waits…");
                    }

                    await lease.DisposeAsync();
                    lease = null;
                    await Task.Delay(new LeaseOptions().PollInterval, Time, cancellationToken);
                    continue;
                }

                var record = await catalogue.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.Name == source, cancellationToken);
                if (record?.LastScrapedAt is { } last && DateTime.SpecifyKind(last, DateTimeKind.Utc) >= plannedAt.UtcDateTime)
                {
                    Console.MarkupLine($"{Markup.Escape(dataset.Name)}/{Markup.Escape(source)}: scraped at {last:u} already, for this firing; not scraped again");
                    return false;
                }

                await ScrapeOneAsync(dataset, manifest, workspace, cancellationToken);
                return true;
            }
            finally
            {
                if (lease is not null)
                {
                    await lease.DisposeAsync();
                }
            }
        }
    }

    /// <summary>Runs the scrape stage on one source; a write that raced another node's (the same photo stored by two sources at once) is retried once.</summary>
    private async Task ScrapeOneAsync(DatasetDefinition dataset, SourceManifest manifest, DatasetWorkspace workspace, CancellationToken cancellationToken)
    {
        var single = dataset with { Sources = [manifest] };
        for (var attempt = 1; ; attempt++)
        {
            using var stages = StageFactory.CreateScrape(LoggerFactory);
            var scrape = stages.Stages[0];
            var progress = new ConsoleProgress(Console);
            var context = new StageContext(single, workspace, progress, Time);
            try
            {
                var result = await progress.RunAsync(() => scrape.RunAsync(context, cancellationToken));
                progress.Complete(PipelineStage.Scrape);
                progress.WriteLine($"[green]✓[/] [bold]scrape {Markup.Escape(manifest.Name)}[/]: {Markup.Escape(result.Summary)}");
                return;
            }
            catch (DbUpdateException conflict) when (attempt == 1 && !cancellationToken.IsCancellationRequested)
            {
                // What was fetched is in the source's frontier: the retry reads it from there, fetching nothing again.
                Console.MarkupLine($"[yellow]{Markup.Escape(dataset.Name)}/{Markup.Escape(manifest.Name)}[/]: a write met another node's ({Markup.Escape(conflict.InnerException?.Message ?? conflict.Message)}); trying once more");
            }
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
