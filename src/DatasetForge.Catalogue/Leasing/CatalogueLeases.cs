using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Catalogue.Leasing;

/// <summary>
/// Leases in the catalogue: whatever works on a dataset takes one first, so two processes (two <c>forge run</c>, a
/// scheduler node beside a command) never work on one scope at once. Taking one is a single insert on the scope's key,
/// or a conditional update of a stale row; a holder renews it on a heartbeat and deletes it when done.
/// </summary>
public static class CatalogueLeases
{
    /// <summary>The scope of the whole dataset, the one every command takes.</summary>
    public const string DatasetScope = "dataset";

    /// <summary>What the scopes of single sources start with (<see cref="SourceScope"/>).</summary>
    public const string SourceScopePrefix = "scrape:";

    /// <summary>
    /// The scope of scraping one source, which a cluster's source job takes instead of <see cref="DatasetScope"/>, so the
    /// sources of one dataset are scraped on several nodes at once but no source twice at once. A holder of the dataset's
    /// scope waits until no source scope is held (<see cref="FindLiveHoldersAsync"/>), and a source job waits while the
    /// dataset's scope is held.
    /// </summary>
    public static string SourceScope(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return SourceScopePrefix + source;
    }

    /// <summary>Takes the lease on <paramref name="scope"/> of <paramref name="workspace"/>'s catalogue (see <see cref="AcquireAsync(CatalogueLocation, string, LeaseHolder, LeaseOptions?, TimeProvider?, Action{LeaseRecord}?, CancellationToken)"/>).</summary>
    public static Task<CatalogueLease> AcquireAsync(
        DatasetWorkspace workspace,
        string scope,
        LeaseHolder holder,
        LeaseOptions? options = null,
        TimeProvider? time = null,
        Action<LeaseRecord>? onBusy = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var location = CatalogueLocation.For(workspace);
        if (location.Provider == CatalogueProvider.Sqlite)
        {
            Directory.CreateDirectory(workspace.Root);
        }

        return AcquireAsync(location, scope, holder, options, time, onBusy, cancellationToken);
    }

    /// <summary>
    /// Takes the lease on <paramref name="scope"/>, waiting while a live holder has it (up to <see cref="LeaseOptions.WaitTimeout"/>);
    /// <paramref name="onBusy"/> hears of each holder it waits for, once. A stale lease (its process gone from this
    /// machine, or past its expiry on another) is taken over. Dispose the result to release it.
    /// </summary>
    /// <exception cref="LeaseUnavailableException">A live holder kept it beyond the wait timeout (at once with a zero timeout).</exception>
    public static async Task<CatalogueLease> AcquireAsync(
        CatalogueLocation catalogue,
        string scope,
        LeaseHolder holder,
        LeaseOptions? options = null,
        TimeProvider? time = null,
        Action<LeaseRecord>? onBusy = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        ArgumentNullException.ThrowIfNull(holder);
        options ??= new LeaseOptions();
        options.Validate();
        time ??= TimeProvider.System;

        var context = await Catalogue.OpenAsync(catalogue, cancellationToken);
        try
        {
            var instance = Guid.NewGuid().ToString("N");
            var waitStarted = time.GetTimestamp();
            string? reported = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var now = time.GetUtcNow().UtcDateTime;
                var expires = now + options.Duration;
                if (await TryInsertAsync(context, scope, holder, instance, now, expires, cancellationToken))
                {
                    return new CatalogueLease(context, scope, holder, instance, now, options, time, previous: null);
                }

                var current = await context.Leases.AsNoTracking().FirstOrDefaultAsync(l => l.Scope == scope, cancellationToken);
                if (current is null)
                {
                    // Released between the insert and the read: try again at once.
                    continue;
                }

                if (IsStale(current, now))
                {
                    if (await TryTakeOverAsync(context, current, holder, instance, now, expires, cancellationToken))
                    {
                        return new CatalogueLease(context, scope, holder, instance, now, options, time, previous: current);
                    }

                    continue;
                }

                var waited = time.GetElapsedTime(waitStarted);
                if (options.WaitTimeout != Timeout.InfiniteTimeSpan && waited >= options.WaitTimeout)
                {
                    throw new LeaseUnavailableException(
                        options.WaitTimeout == TimeSpan.Zero
                            ? $"{Subject(catalogue, scope)} is busy: {LeaseHolder.Describe(current, time)}."
                            : $"{Subject(catalogue, scope)} is still busy after waiting {waited.TotalSeconds:0} s: {LeaseHolder.Describe(current, time)}.",
                        current);
                }

                if (reported != current.InstanceId)
                {
                    reported = current.InstanceId;
                    onBusy?.Invoke(current);
                }

                await Task.Delay(options.PollInterval, time, cancellationToken);
            }
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }

    /// <summary>The live holder of <paramref name="scope"/>, or null when the scope is free or its lease is stale.</summary>
    public static async Task<LeaseRecord?> FindLiveHolderAsync(
        CatalogueDbContext catalogue, string scope, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var lease = await catalogue.Leases.AsNoTracking().FirstOrDefaultAsync(l => l.Scope == scope, cancellationToken);
        return lease is not null && !IsStale(lease, (time ?? TimeProvider.System).GetUtcNow().UtcDateTime) ? lease : null;
    }

    /// <summary>The live holders of every scope that starts with <paramref name="scopePrefix"/> (stale leases left out).</summary>
    public static async Task<IReadOnlyList<LeaseRecord>> FindLiveHoldersAsync(
        CatalogueDbContext catalogue, string scopePrefix, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentException.ThrowIfNullOrEmpty(scopePrefix);
        var leases = await catalogue.Leases.AsNoTracking().Where(l => l.Scope.StartsWith(scopePrefix)).ToListAsync(cancellationToken);
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        return [.. leases.Where(l => !IsStale(l, now))];
    }

    /// <summary>
    /// Whether <paramref name="lease"/> no longer protects anything: on this machine when its process is gone (or the
    /// pid now belongs to a process started at another time), on another machine when it expired unrenewed.
    /// </summary>
    public static bool IsStale(LeaseRecord lease, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return string.Equals(lease.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)
            ? !ProcessLiveness.IsRunning(lease.ProcessId, lease.ProcessStartedAt)
            : DateTime.SpecifyKind(lease.ExpiresAt, DateTimeKind.Utc) < DateTime.SpecifyKind(now, DateTimeKind.Utc);
    }

    private static string Subject(CatalogueLocation catalogue, string scope) =>
        scope == DatasetScope ? $"the dataset at {catalogue.Describe()}" : $"'{scope}' of the dataset at {catalogue.Describe()}";

    // One statement on both providers: the scope's key lets exactly one of two racing inserts through.
    private static async Task<bool> TryInsertAsync(
        CatalogueDbContext context, string scope, LeaseHolder holder, string instance, DateTime now, DateTime expires, CancellationToken cancellationToken)
    {
        var inserted = await context.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO "Leases" ("Scope", "Host", "ProcessId", "ProcessStartedAt", "InstanceId", "Command", "AcquiredAt", "RenewedAt", "ExpiresAt", "Renewals")
            VALUES ({scope}, {holder.Host}, {holder.ProcessId}, {Utc(holder.ProcessStartedAt)}, {instance}, {holder.Command}, {now}, {now}, {expires}, {0L})
            ON CONFLICT ("Scope") DO NOTHING
            """,
            cancellationToken);
        return inserted == 1;
    }

    // Only the row judged stale is replaced: a holder that renewed meanwhile (or another process that took over first) wins.
    private static async Task<bool> TryTakeOverAsync(
        CatalogueDbContext context, LeaseRecord stale, LeaseHolder holder, string instance, DateTime now, DateTime expires, CancellationToken cancellationToken)
    {
        var startedAt = Utc(holder.ProcessStartedAt);
        var updated = await context.Leases
            .Where(l => l.Scope == stale.Scope && l.InstanceId == stale.InstanceId && l.Renewals == stale.Renewals)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(l => l.Host, holder.Host)
                    .SetProperty(l => l.ProcessId, holder.ProcessId)
                    .SetProperty(l => l.ProcessStartedAt, startedAt)
                    .SetProperty(l => l.InstanceId, instance)
                    .SetProperty(l => l.Command, holder.Command)
                    .SetProperty(l => l.AcquiredAt, now)
                    .SetProperty(l => l.RenewedAt, now)
                    .SetProperty(l => l.ExpiresAt, expires)
                    .SetProperty(l => l.Renewals, 0L),
                cancellationToken);
        return updated == 1;
    }

    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc);
}
