using DatasetForge.Core.Pipeline;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DatasetForge.Cli.Output;

/// <summary>
/// Shows stage progress as Keras and fastai do: on an interactive terminal one Spectre.Console bar per stage, whose
/// description names the step under way (and its detail, such as an epoch's losses) and which is filled and stopped
/// when the next stage starts, so nothing stale stays on screen; otherwise one plain line per step (and every tenth of
/// the way through a long step), so logs from CI and cron stay readable.
/// </summary>
public sealed class ConsoleProgress : IProgress<StageProgress>
{
    private readonly IAnsiConsole _console;
    private readonly object _gate = new();
    private readonly Dictionary<PipelineStage, (ProgressTask Task, string Step)> _tasks = [];
    private readonly Dictionary<string, long> _lastPrintedTenth = new(StringComparer.Ordinal);
    private ProgressContext? _context;

    /// <summary>
    /// What the columns beside the description and the bar take: percentage (4), elapsed and remaining time (8 each),
    /// the spinner (1) and one space after each of the six columns.
    /// </summary>
    private const int OtherColumnsWidth = 4 + 8 + 8 + 1 + 6;
    private readonly HashSet<PipelineStage> _finished = [];
    private PipelineStage? _current;

    public ConsoleProgress(IAnsiConsole console) => _console = console;

    /// <summary>Whether progress bars are drawn (an interactive terminal) or plain lines are printed.</summary>
    public bool Interactive => _console.Profile.Capabilities.Interactive;

    /// <summary>The bars on screen now, one per stage that has reported, as their text reads (for tests and logs).</summary>
    public IReadOnlyList<string> Bars
    {
        get
        {
            lock (_gate)
            {
                return [.. _tasks.Values.Select(t => t.Task.Description)];
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> with progress bars (or plain lines) live.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!Interactive)
        {
            return await work();
        }

        // The bar gives way on narrow terminals, so an epoch's losses still fit beside it on one row.
        var barWidth = Math.Clamp(_console.Profile.Width - 110, 10, 40);
        return await _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new FittedDescriptionColumn(barWidth + OtherColumnsWidth), new ProgressBarColumn { Width = barWidth }, new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                lock (_gate)
                {
                    _context = context;
                    _tasks.Clear();
                    _finished.Clear();
                }

                try
                {
                    return await work();
                }
                finally
                {
                    lock (_gate)
                    {
                        foreach (var stage in _tasks.Keys.ToList())
                        {
                            Finish(stage);
                        }

                        _context = null;
                        _current = null;
                    }
                }
            });
    }

    public void Report(StageProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (_context is null)
            {
                PrintLine(value);
                return;
            }

            // A stage that hands over to the next is done: its bar is filled and stopped, not left part-way.
            if (_current is { } previous && previous != value.Stage)
            {
                Finish(previous);
            }

            _current = value.Stage;
            var description = Describe(value);
            if (_finished.Contains(value.Stage))
            {
                // A stage already marked done keeps its finished bar.
                return;
            }

            if (!_tasks.TryGetValue(value.Stage, out var entry))
            {
                entry = (_context.AddTask(description, maxValue: Math.Max(1, value.Total ?? 1)), value.Step);
                _tasks[value.Stage] = entry;
            }
            else if (entry.Step != value.Step)
            {
                // A new step of the same stage starts its bar again instead of adding a row.
                entry = (entry.Task, value.Step);
                _tasks[value.Stage] = entry;
                entry.Task.Value = 0;
            }

            var task = entry.Task;
            var newDetail = value.Detail is not null && task.Description != description;
            task.Description = description;
            task.IsIndeterminate = value.Total is null;
            task.MaxValue = Math.Max(1, value.Total ?? 1);
            task.Value = Math.Min(value.Done, (long)task.MaxValue);
            if (newDetail)
            {
                // A detail is news (an epoch ended): drawn now, so a short epoch is seen even between two timer ticks.
                _context.Refresh();
            }
        }
    }

    /// <summary>
    /// Writes a line above the bars. Spectre moves the cursor to the bars' first row and writes over them; a line shorter
    /// than the bar it lands on (or the short tail of a wrapped one) would leave that bar's end on screen, so the rows
    /// below the cursor are erased first (CSI 0 J) and the bars drawn again under the line.
    /// </summary>
    public void WriteLine(string markup)
    {
        var line = new Markup(markup + "\n");
        _console.Write(Interactive ? new ErasedBelow(line) : line);
    }

    /// <summary>Draws the bars now rather than at the next tick of Spectre's refresh timer (for tests).</summary>
    internal void Refresh()
    {
        lock (_gate)
        {
            _context?.Refresh();
        }
    }

    /// <summary>Marks a stage finished: its bar is filled and stopped (a stage that reported nothing gets none).</summary>
    public void Complete(PipelineStage stage)
    {
        lock (_gate)
        {
            Finish(stage);
        }
    }

    /// <summary>
    /// The bar's text: the stage and its step, or, where the step has a detail (an epoch's losses, which name the epoch),
    /// the stage and that detail; plain text, drawn as it reads.
    /// </summary>
    internal static string Describe(StageProgress value) =>
        $"{Name(value.Stage),-8} {(value.Detail is { Length: > 0 } detail ? detail : value.Step)}";

    /// <summary>
    /// <paramref name="text"/> in at most <paramref name="width"/> columns: as it is when it fits, else with the long
    /// words of an epoch's losses shortened as Keras shortens them ("val", "acc"), else cut with an ellipsis.
    /// </summary>
    internal static string Fit(string text, int width)
    {
        if (text.Length <= width)
        {
            return text;
        }

        var shorter = text.Replace("validation ", "val ", StringComparison.Ordinal).Replace("accuracy", "acc", StringComparison.Ordinal);
        if (shorter.Length <= width)
        {
            return shorter;
        }

        return width <= 1 ? "…" : string.Concat(shorter.AsSpan(0, width - 1), "…");
    }

    private static string Name(PipelineStage stage) => stage.ToString().ToLowerInvariant();

    private void Finish(PipelineStage stage)
    {
        if (_tasks.TryGetValue(stage, out var entry) && _finished.Add(stage))
        {
            entry.Task.IsIndeterminate = false;
            entry.Task.Description = $"{Name(stage),-8} done";
            entry.Task.Value = entry.Task.MaxValue;
            entry.Task.StopTask();
        }
    }

    /// <summary>
    /// The description column, sized to what the terminal leaves beside the other columns. A description wider than
    /// that (an epoch's losses on an 80- or 120-column terminal) must not widen the grid: Spectre then squeezes the other
    /// columns into tall wrapped cells, and a display taller than the terminal is drawn as a lone "…".
    /// </summary>
    private sealed class FittedDescriptionColumn(int reserved) : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(Fit(task.Description.ReplaceLineEndings(" ").Trim(), Width(options))) { Overflow = Overflow.Ellipsis };

        private int Width(RenderOptions options) => Math.Max(16, options.ConsoleSize.Width - reserved);
    }

    private sealed class ErasedBelow(IRenderable content) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => content.Measure(options, maxWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
            ((IRenderable)new ControlCode("\u001b[0J")).Render(options, maxWidth).Concat(content.Render(options, maxWidth));
    }

    private void PrintLine(StageProgress value)
    {
        var key = $"{Name(value.Stage)}: {value.Step}";
        long tenth = value.Total is > 0 ? value.Done * 10 / value.Total.Value : (value.Done == 0 ? 0 : -1);
        if (_lastPrintedTenth.TryGetValue(key, out var last) && (last == tenth || tenth < 0))
        {
            return;
        }

        _lastPrintedTenth[key] = tenth;
        // A detail (an epoch's losses) already says how far the step is.
        var amount = value.Detail is { Length: > 0 } detail ? detail : value.Total is { } total ? $"{value.Done}/{total}" : $"{value.Done}";
        _console.WriteLine($"  {key} {amount}");
    }
}
