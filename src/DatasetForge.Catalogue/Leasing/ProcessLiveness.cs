using System.Diagnostics;

namespace DatasetForge.Catalogue.Leasing;

/// <summary>Whether a process of this machine still runs: the pid exists, is no zombie, and started when the lease says.</summary>
internal static class ProcessLiveness
{
    /// <summary>Start times read by two processes may differ by the clock-tick rounding of <c>/proc</c>; a reused pid differs by far more.</summary>
    private static readonly TimeSpan StartTolerance = TimeSpan.FromSeconds(1);

    public static bool IsRunning(int processId, DateTime startedAt)
    {
        if (processId <= 0)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            if (process.HasExited || IsZombie(processId))
            {
                return false;
            }

            return SameStart(process.StartTime.ToUniversalTime(), startedAt);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }

    public static bool SameStart(DateTime a, DateTime b) =>
        (DateTime.SpecifyKind(a, DateTimeKind.Utc) - DateTime.SpecifyKind(b, DateTimeKind.Utc)).Duration() <= StartTolerance;

    // A killed child that its parent has not reaped yet still has a pid; it runs nothing and never renews.
    private static bool IsZombie(int processId)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
