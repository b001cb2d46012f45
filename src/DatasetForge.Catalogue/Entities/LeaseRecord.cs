namespace DatasetForge.Catalogue.Entities;

/// <summary>
/// Who works on a scope of the dataset right now (<c>dataset</c>: all of it), until when: one row per scope, its key,
/// so two processes can never both hold it. Written only through <see cref="Leasing.CatalogueLeases"/>.
/// </summary>
public sealed class LeaseRecord
{
    /// <summary>What the lease covers: <see cref="Leasing.CatalogueLeases.DatasetScope"/> or a narrower name.</summary>
    public required string Scope { get; set; }

    /// <summary>The holder's machine name.</summary>
    public required string Host { get; set; }

    public int ProcessId { get; set; }

    /// <summary>When the holder's process started (UTC): a pid reused by another process does not pass for the holder.</summary>
    public DateTime ProcessStartedAt { get; set; }

    /// <summary>A random id per acquisition: two leases taken by one process (or one pid) are still told apart.</summary>
    public required string InstanceId { get; set; }

    /// <summary>What the holder runs, for messages (<c>forge run</c>, <c>forge schedule</c>).</summary>
    public required string Command { get; set; }

    public DateTime AcquiredAt { get; set; }

    public DateTime RenewedAt { get; set; }

    /// <summary>Without a renewal by then, the lease is free for anyone (a holder on another machine cannot be asked whether it still runs).</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>How many times the holder renewed it; a take-over only succeeds on the row it judged stale, not on one renewed meanwhile.</summary>
    public long Renewals { get; set; }
}
