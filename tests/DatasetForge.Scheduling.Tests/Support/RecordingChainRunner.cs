using System.Collections.Concurrent;

namespace DatasetForge.Scheduling.Tests.Support;

/// <summary>A chain runner that records its runs and their overlap, and runs whatever body a test gives it.</summary>
public sealed class RecordingChainRunner(Func<string, int, CancellationToken, Task>? body = null) : IChainRunner
{
    private readonly ConcurrentQueue<string> runs = new();
    private readonly TaskCompletionSource firstRun = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int running;
    private int maxConcurrency;
    private int started;
    private int completed;

    /// <summary>The datasets run, in the order their runs started.</summary>
    public IReadOnlyCollection<string> Runs => runs;

    public int Started => Volatile.Read(ref started);

    public int Completed => Volatile.Read(ref completed);

    /// <summary>The most runs (of any dataset) that were under way at once.</summary>
    public int MaxConcurrency => Volatile.Read(ref maxConcurrency);

    /// <summary>Completes when the first run has started.</summary>
    public Task FirstRun => firstRun.Task;

    public async Task RunAsync(string dataset, CancellationToken cancellationToken = default)
    {
        var now = Interlocked.Increment(ref running);
        int seen;
        while (now > (seen = Volatile.Read(ref maxConcurrency)) && Interlocked.CompareExchange(ref maxConcurrency, now, seen) != seen)
        {
        }

        var index = Interlocked.Increment(ref started);
        runs.Enqueue(dataset);
        firstRun.TrySetResult();
        try
        {
            if (body is not null)
            {
                await body(dataset, index, cancellationToken);
            }

            Interlocked.Increment(ref completed);
        }
        finally
        {
            Interlocked.Decrement(ref running);
        }
    }
}
