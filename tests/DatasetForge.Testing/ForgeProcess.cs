using System.Collections.Concurrent;
using System.Diagnostics;

namespace DatasetForge.Testing;

/// <summary>
/// A real <c>forge</c> process (<c>dotnet forge.dll …</c> from the test's output folder) whose standard output and error
/// lines are kept, so a test can wait for a line and kill the process (SIGKILL, as <c>kill -9</c>) at a chosen moment.
/// </summary>
public sealed class ForgeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private ForgeProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>The name the test gave this process, for messages.</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Every line written so far, standard output and error interleaved as they arrived.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Everything written so far, for assertion messages.</summary>
    public string Text => $"--- {Name} (pid {_process.Id}) ---{Environment.NewLine}{string.Join(Environment.NewLine, _lines)}";

    /// <summary>Starts <c>forge</c> with <paramref name="arguments"/>; the child inherits this process's environment.</summary>
    public static ForgeProcess Start(string name, IEnumerable<string> arguments, string? forgeDll = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(forgeDll ?? Path.Combine(AppContext.BaseDirectory, "forge.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No colours or live progress bars in a pipe: plain lines to wait for.
        start.Environment["NO_COLOR"] = "1";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var forge = new ForgeProcess(name, process);
        process.OutputDataReceived += (_, e) => forge.Received(e.Data);
        process.ErrorDataReceived += (_, e) => forge.Received(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start forge ({name})");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return forge;
    }

    /// <summary>Completes with the first line (already written or still to come) that <paramref name="match"/> accepts.</summary>
    /// <exception cref="TimeoutException">No such line within <paramref name="timeout"/>; the message holds the output.</exception>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var line = _lines.FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            _waiters.Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no matching line from {Name} within {timeout}:{Environment.NewLine}{Text}");
        }
    }

    /// <summary>Waits for the process to end (and its output to be read); its exit code.</summary>
    /// <exception cref="TimeoutException">It still runs after <paramref name="timeout"/>; the message holds the output.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} still runs after {timeout}:{Environment.NewLine}{Text}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process at once with SIGKILL (<c>kill -9</c>): no handler, no clean-up, no last write.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Found.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }
}
