using DatasetForge.Cli.Commands;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Scheduling;
using Spectre.Console;

namespace DatasetForge.Cli.Hosting;

/// <summary>Runs a dataset's chain for the scheduler; reloads its manifests on every run so edits apply.</summary>
internal sealed class ConsoleChainRunner(ForgeRuntime runtime, ForgePaths paths) : ISourceChainRunner
{
    private int _failures;

    /// <summary>How many chain runs failed.</summary>
    public int Failures => Volatile.Read(ref _failures);

    public Task RunAsync(string dataset, CancellationToken cancellationToken = default) =>
        CountingFailuresAsync(dataset, async () =>
        {
            var definition = runtime.LoadDataset(paths, dataset);
            var results = await runtime.RunChainAsync(definition, paths, only: null, cancellationToken);
            Summary.PrintWhereToLook(runtime.Console, results, runtime.Verbose);
            return true;
        });

    public Task<IReadOnlyList<string>> ListSourcesAsync(string dataset, CancellationToken cancellationToken = default)
    {
        var definition = runtime.LoadDataset(paths, dataset);
        return Task.FromResult<IReadOnlyList<string>>([.. definition.Sources.Where(s => s.Kind == SourceKind.Web).Select(s => s.Name)]);
    }

    public Task<bool> ScrapeSourceAsync(string dataset, string source, DateTimeOffset plannedAt, CancellationToken cancellationToken = default) =>
        CountingFailuresAsync($"{dataset}/{source}", () =>
            runtime.ScrapeSourceAsync(runtime.LoadDataset(paths, dataset), source, paths, plannedAt, cancellationToken));

    public Task RunAfterScrapeAsync(string dataset, CancellationToken cancellationToken = default) =>
        CountingFailuresAsync(dataset, async () =>
        {
            var definition = runtime.LoadDataset(paths, dataset);
            var rest = Enum.GetValues<PipelineStage>().Where(s => s != PipelineStage.Scrape).ToList();
            var results = await runtime.RunChainAsync(definition, paths, rest, cancellationToken);
            Summary.PrintWhereToLook(runtime.Console, results, runtime.Verbose);
            return true;
        });

    /// <summary>Runs <paramref name="work"/>; a failure (not a cancellation) is counted and printed naming <paramref name="what"/>, then rethrown.</summary>
    private async Task<T> CountingFailuresAsync<T>(string what, Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.Increment(ref _failures);
            runtime.Console.MarkupLine($"[red]{Markup.Escape(what)} failed:[/] {Markup.Escape(e.Message)}");
            throw;
        }
    }
}
