using System.Diagnostics;
using System.Globalization;
using DatasetForge.Catalogue.Entities;

namespace DatasetForge.Catalogue.Leasing;

/// <summary>Who takes a lease: machine, process (pid and start time) and command.</summary>
public sealed record LeaseHolder(string Host, int ProcessId, DateTime ProcessStartedAt, string Command)
{
    private static readonly Lazy<DateTime> CurrentStart = new(() =>
    {
        using var self = Process.GetCurrentProcess();
        return self.StartTime.ToUniversalTime();
    });

    /// <summary>This process, running <paramref name="command"/> (e.g. <c>forge run</c>).</summary>
    public static LeaseHolder ForThisProcess(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        return new LeaseHolder(Environment.MachineName, Environment.ProcessId, CurrentStart.Value, command);
    }

    /// <summary>Whether <paramref name="lease"/> was taken by this very process (any of its acquisitions).</summary>
    public static bool IsThisProcess(LeaseRecord lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease.ProcessId == Environment.ProcessId
            && string.Equals(lease.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)
            && ProcessLiveness.SameStart(lease.ProcessStartedAt, CurrentStart.Value);
    }

    /// <summary>The holder in words: <c>forge run by pid 1234 on host h since 10:02:11 UTC</c>.</summary>
    /// <remarks>The date is added when the lease was taken on another day than <paramref name="time"/>'s today.</remarks>
    public static string Describe(LeaseRecord lease, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var since = DateTime.SpecifyKind(lease.AcquiredAt, DateTimeKind.Utc);
        var format = since.Date == (time ?? TimeProvider.System).GetUtcNow().UtcDateTime.Date ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss";
        return string.Create(CultureInfo.InvariantCulture, $"{lease.Command} by pid {lease.ProcessId} on host {lease.Host} since {since.ToString(format, CultureInfo.InvariantCulture)} UTC");
    }
}
