using DatasetForge.Core.Pipeline;
using Spectre.Console;

namespace DatasetForge.Cli.Output;

/// <summary>
/// Shows stage progress: Spectre.Console progress bars on an interactive terminal, otherwise one plain line per step
/// (and every tenth of the way through a long step), so logs from CI and cron stay readable.
/// </summary>
public sealed class ConsoleProgress : IProgress<StageProgress>
{
    private readonly IAnsiConsole _console;
    private readonly object _gate = new();
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastPrintedTenth = new(StringComparer.Ordinal);
    private ProgressContext? _context;

    public ConsoleProgress(IAnsiConsole console) => _console = console;

    /// <summary>Whether progress bars are drawn (an interactive terminal) or plain lines are printed.</summary>
    public bool Interactive => _console.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> with progress bars (or plain lines) live.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!Interactive)
        {
            return await work();
        }

        return await _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                lock (_gate)
                {
                    _context = context;
                }

                try
                {
                    return await work();
                }
                finally
                {
                    lock (_gate)
                    {
                        foreach (var task in _tasks.Values)
                        {
                            task.StopTask();
                        }

                        _context = null;
                        _tasks.Clear();
                    }
                }
            });
    }

    public void Report(StageProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var key = $"{value.Stage.ToString().ToLowerInvariant()}: {value.Step}";
        lock (_gate)
        {
            if (_context is not null)
            {
                if (!_tasks.TryGetValue(key, out var task))
                {
                    task = _context.AddTask(Markup.Escape(key), maxValue: Math.Max(1, value.Total ?? 1));
                    if (value.Total is null)
                    {
                        task.IsIndeterminate = true;
                    }

                    _tasks[key] = task;
                }

                if (value.Total is { } total)
                {
                    task.IsIndeterminate = false;
                    task.MaxValue = Math.Max(1, total);
                }

                task.Value = value.Done;
                if (value.Total is { } t && value.Done >= t)
                {
                    task.StopTask();
                }

                return;
            }

            PrintLine(key, value);
        }
    }

    private void PrintLine(string key, StageProgress value)
    {
        long tenth = value.Total is > 0 ? value.Done * 10 / value.Total.Value : (value.Done == 0 ? 0 : -1);
        if (_lastPrintedTenth.TryGetValue(key, out var last) && (last == tenth || tenth < 0))
        {
            return;
        }

        _lastPrintedTenth[key] = tenth;
        var amount = value.Total is { } total ? $"{value.Done}/{total}" : $"{value.Done}";
        _console.WriteLine($"  {key} {amount}");
    }
}
