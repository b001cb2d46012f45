using DatasetForge.Cli.Commands;
using DatasetForge.Scheduling;
using Spectre.Console;

namespace DatasetForge.Cli.Hosting;

/// <summary>Runs a dataset's chain for the scheduler; reloads its manifests on every run so edits apply.</summary>
internal sealed class ConsoleChainRunner(ForgeRuntime runtime, ForgePaths paths) : IChainRunner
{
    private int _failures;

    /// <summary>How many chain runs failed.</summary>
    public int Failures => Volatile.Read(ref _failures);

    public async Task RunAsync(string dataset, CancellationToken cancellationToken = default)
    {
        try
        {
            var definition = runtime.LoadDataset(paths, dataset);
            var results = await runtime.RunChainAsync(definition, paths, only: null, cancellationToken);
            Summary.PrintWhereToLook(runtime.Console, results, runtime.Verbose);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.Increment(ref _failures);
            runtime.Console.MarkupLine($"[red]{Markup.Escape(dataset)} failed:[/] {Markup.Escape(e.Message)}");
            throw;
        }
    }
}
