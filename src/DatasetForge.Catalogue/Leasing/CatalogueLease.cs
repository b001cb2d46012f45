using DatasetForge.Catalogue.Entities;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Catalogue.Leasing;

/// <summary>
/// A lease held by this process: renewed on a heartbeat (a timer on the given <see cref="TimeProvider"/>) over a
/// catalogue connection of its own, deleted on dispose. <see cref="Lost"/> fires when another process took it over
/// (after this one failed to renew in time), so the work can stop instead of running twice.
/// </summary>
public sealed class CatalogueLease : IAsyncDisposable
{
    private readonly CatalogueDbContext _context;
    private readonly LeaseOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _heartbeat;
    private int _disposed;

    internal CatalogueLease(
        CatalogueDbContext context, string scope, LeaseHolder holder, string instanceId, DateTime acquiredAt, LeaseOptions options, TimeProvider time, LeaseRecord? previous)
    {
        _context = context;
        _options = options;
        _time = time;
        Scope = scope;
        Holder = holder;
        InstanceId = instanceId;
        AcquiredAt = acquiredAt;
        TakenOverFrom = previous;
        _heartbeat = HeartbeatAsync();
    }

    public string Scope { get; }

    public LeaseHolder Holder { get; }

    /// <summary>This acquisition's random id, as written in the lease row.</summary>
    public string InstanceId { get; }

    public DateTime AcquiredAt { get; }

    /// <summary>The stale lease this one replaced (a crashed or killed holder's), or null when the scope was free.</summary>
    public LeaseRecord? TakenOverFrom { get; }

    /// <summary>Cancelled when the lease was found taken over by another process.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>How many heartbeats renewed the lease so far.</summary>
    public long Renewals { get; private set; }

    /// <summary>Releases the lease (the row is deleted if it is still this holder's); safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await _heartbeat;
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            // Without the caller's token: Ctrl-C is exactly when the lease must still be given back.
            await _context.Leases.Where(l => l.Scope == Scope && l.InstanceId == InstanceId).ExecuteDeleteAsync(CancellationToken.None);
        }
        finally
        {
            _gate.Release();
            await _context.DisposeAsync();
            _gate.Dispose();
            _stop.Dispose();
            _lost.Dispose();
        }
    }

    /// <summary>Renews the lease now; false when it is no longer this holder's (then <see cref="Lost"/> fires).</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow().UtcDateTime;
            var expires = now + _options.Duration;
            var renewed = await _context.Leases
                .Where(l => l.Scope == Scope && l.InstanceId == InstanceId)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(l => l.RenewedAt, now).SetProperty(l => l.ExpiresAt, expires).SetProperty(l => l.Renewals, l => l.Renewals + 1),
                    cancellationToken);
            if (renewed == 0)
            {
                await _lost.CancelAsync();
                return false;
            }

            Renewals++;
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task HeartbeatAsync()
    {
        // Yield first: the constructor must not run a renewal on the caller's thread.
        await Task.Yield();
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    if (!await RenewAsync(_stop.Token))
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
                {
                    // A busy database or a dropped connection: the next beat tries again; the lease only lapses
                    // if renewals keep failing for its whole duration.
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }
}
