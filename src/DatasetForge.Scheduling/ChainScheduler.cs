using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Quartz;

namespace DatasetForge.Scheduling;

/// <summary>
/// Hosts Quartz for <c>forge schedule</c>: one job per dataset (job key = dataset name) that runs the dataset's
/// chain on its cron, never twice at once.
/// </summary>
/// <remarks>
/// Misfires use <see cref="CronTriggerMisfireInstruction.FireAndProceed"/>: a firing missed by more than
/// <see cref="ScheduleOptions.MisfireThreshold"/> (the process was down, or the previous chain was still running)
/// runs once as soon as possible and the cron then resumes, however many slots were missed. Misfires during
/// downtime are only seen with a persistent store (<see cref="ScheduleOptions.StoreFilePath"/> or a cluster).
/// <para>
/// In a cluster (<see cref="ScheduleOptions.ClusterConnectionString"/>) every node shares one schedule in PostgreSQL:
/// each firing is acquired by one node under Quartz's database lock, a dataset's chain is held back on every node
/// while it runs on one (<see cref="DisallowConcurrentExecutionAttribute"/> is kept in the store per job key), and
/// every job requests recovery, so the chain of a node that stops checking in is fired again, as "recovered", on a
/// node that is alive. The chain is resumable (each stage skips what is done), so the recovered run finishes the
/// work. A misfire is settled once for the whole cluster, by whichever node's misfire handler sees it first, with the
/// same <see cref="CronTriggerMisfireInstruction.FireAndProceed"/>.
/// </para>
/// <para>
/// In a cluster with <see cref="ScheduleOptions.SpreadSources"/> and a runner that can split the chain
/// (<see cref="ISourceChainRunner"/>), the firing of a dataset with two or more web sources only plans: one job per
/// source, which any free node takes, and a continuation that runs the rest of the chain once no source job is left
/// (see <see cref="SourceJobs"/>).
/// </para>
/// </remarks>
public sealed class ChainScheduler : IAsyncDisposable
{
    /// <summary>The Quartz group every dataset's job and cron trigger is kept in.</summary>
    public const string JobGroup = "datasets";

    private readonly StandaloneSchedulerFactory factory;
    private readonly IScheduler scheduler;
    private readonly HashSet<string> datasetNames;
    private readonly ChainActivity activity;
    private readonly ILogger logger;
    private readonly bool clustered;
    private readonly Lock stopGate = new();
    private Task? stopping;

    private ChainScheduler(StandaloneSchedulerFactory factory, IScheduler scheduler, HashSet<string> datasetNames, ChainActivity activity, ILogger logger, bool clustered)
    {
        this.factory = factory;
        this.scheduler = scheduler;
        this.datasetNames = datasetNames;
        this.activity = activity;
        this.logger = logger;
        this.clustered = clustered;
    }

    /// <summary>The scheduled datasets' names.</summary>
    public IReadOnlyCollection<string> Datasets => datasetNames;

    /// <summary>This node's Quartz instance id: unique per node in a cluster, <c>NON_CLUSTERED</c> otherwise.</summary>
    public string InstanceId => scheduler.SchedulerInstanceId;

    /// <summary>Whether this scheduler is a node of a cluster.</summary>
    public bool Clustered => clustered;

    /// <summary>
    /// Validates every dataset's cron, stores one job and cron trigger per dataset, and starts firing.
    /// With a persistent store, a dataset whose cron is unchanged keeps its stored trigger (so a slot missed while
    /// the process was down is run once), and the stored jobs of datasets no longer listed are removed.
    /// </summary>
    /// <exception cref="ArgumentException">A name is empty or repeated, or a cron expression is invalid or never fires; the message names the dataset and the expression.</exception>
    public static async Task<ChainScheduler> StartAsync(
        IReadOnlyList<ScheduledDataset> datasets,
        IChainRunner runner,
        ScheduleOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(runner);
        options ??= new ScheduleOptions();
        options.Validate();
        timeProvider ??= TimeProvider.System;
        var zone = options.TimeZone ?? TimeZoneInfo.Local;
        var crons = ParseCrons(datasets, zone, timeProvider.GetUtcNow());

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ChainScheduler>();
        var activity = new ChainActivity();
        var clustered = options.Clustered;
        var spread = clustered && options.SpreadSources && runner is ISourceChainRunner;
        var job = new ChainJob(runner, activity, logger, timeProvider, spread ? options.SourceJobInterval : null);
        IJob[] jobs = runner is ISourceChainRunner sourceRunner
            ? [job, new SourceJob(sourceRunner, activity, logger, timeProvider), new ContinuationJob(sourceRunner, activity, logger, timeProvider)]
            : [job];
        var persistent = options.StoreFilePath is not null || clustered;
        var schedulerName = persistent ? options.SchedulerName : $"{options.SchedulerName}-{Guid.NewGuid():N}";
        var connectionString = options.StoreFilePath is not null ? PrepareStore(options.StoreFilePath) : null;
        var storeName = clustered
            ? $"clustered PostgreSQL {DescribePostgres(options.ClusterConnectionString!)}"
            : persistent ? $"SQLite '{options.StoreFilePath}'" : "in-memory";

        var factory = QuartzSchedulerBuilder.Create(quartz =>
        {
            if (loggerFactory is not null)
            {
                // The standalone container has no logging of its own; a registered factory takes over from the ambient one.
                quartz.Services.AddSingleton(loggerFactory);
            }

            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = schedulerName;
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenNotWaitingForJobs;
                if (options.InstanceId is not null)
                {
                    scheduler.InstanceId = options.InstanceId;
                }

                if (clustered)
                {
                    // Another node's new jobs (a planned firing's sources) send this node no signal: it looks again this often.
                    scheduler.IdleWaitTime = options.ClusterIdleWaitTime;
                }
            });
            quartz.UseDefaultThreadPool(options.MaxConcurrentChains);
            quartz.UseTimeProvider(timeProvider);
            quartz.UseJobFactory(new ChainJobFactory(jobs));
            if (persistent)
            {
                quartz.UsePersistentStore(store =>
                {
                    if (clustered)
                    {
                        // tables_postgres.sql ships inside Quartz; ProvisionSchema runs it when the tables are missing
                        // (several nodes starting at once: the loser of the race finds the winner's tables).
                        store.UsePostgres(NpgsqlFactory.Instance, options.ClusterConnectionString!);
                        store.UseClustering(cluster =>
                        {
                            cluster.CheckinInterval = options.ClusterCheckinInterval;
                            cluster.CheckinMisfireThreshold = options.ClusterCheckinInterval;
                        });
                    }
                    else
                    {
                        store.UseSqlite(SqliteFactory.Instance, connectionString!);
                    }

                    store.ProvisionSchema();
                    store.UseExecutionHistory();
                    store.ConfigureStore(storeOptions => storeOptions.MisfireThreshold = options.MisfireThreshold);
                });
            }
            else
            {
                quartz.UseInMemoryStore(storeOptions => storeOptions.MisfireThreshold = options.MisfireThreshold);
            }
        }).Build();

        try
        {
            var scheduler = await factory.GetScheduler(cancellationToken).ConfigureAwait(false);
            var names = new HashSet<string>(crons.Select(cron => cron.Name), StringComparer.Ordinal);
            var chainScheduler = new ChainScheduler(factory, scheduler, names, activity, logger, clustered);
            await chainScheduler.StoreScheduleAsync(crons, zone, timeProvider, cancellationToken).ConfigureAwait(false);
            await scheduler.Start(cancellationToken).ConfigureAwait(false);
            logger.SchedulerStarted(schedulerName, scheduler.SchedulerInstanceId, crons.Count, storeName);
            return chainScheduler;
        }
        catch (SchedulerException exception) when (persistent)
        {
            await factory.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"The schedule's {storeName} store cannot be used: {Innermost(exception).Message}", exception);
        }
        catch
        {
            await factory.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="dataset"/>'s chain once now, in addition to its cron; if its chain is running, the run starts
    /// when that one ends. In a cluster the run starts on whichever node acquires it first.
    /// </summary>
    /// <exception cref="ArgumentException">The dataset is not scheduled.</exception>
    /// <exception cref="InvalidOperationException">The scheduler has been stopped.</exception>
    public async Task TriggerNowAsync(string dataset, CancellationToken cancellationToken = default)
    {
        EnsureScheduled(dataset);
        EnsureRunning();
        // A cluster's run may start on another node, so this node cannot wait for it (see WaitForIdleAsync).
        var counted = !clustered;
        if (counted)
        {
            activity.Requested();
        }

        try
        {
            var data = new JobDataMap { [ChainJob.RequestedRunKey] = counted ? ChainJob.CountedRun : ChainJob.UncountedRun };
            await scheduler.TriggerJob(new JobKey(dataset, JobGroup), data, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (counted)
            {
                activity.RequestFailed();
            }

            throw;
        }

        logger.TriggeredNow(dataset);
    }

    /// <summary>When <paramref name="dataset"/>'s cron fires next, or <see langword="null"/> when it never fires again.</summary>
    /// <exception cref="ArgumentException">The dataset is not scheduled.</exception>
    public async Task<DateTimeOffset?> GetNextFireTimeAsync(string dataset, CancellationToken cancellationToken = default)
    {
        EnsureScheduled(dataset);
        var trigger = await scheduler.GetTrigger(new TriggerKey(dataset, JobGroup), cancellationToken).ConfigureAwait(false);
        return trigger?.NextFireTimeUtc;
    }

    /// <summary>
    /// Completes when no chain is running and no run requested with <see cref="TriggerNowAsync"/> is waiting to start
    /// (for "run once now and exit"), or once the scheduler has stopped. A cron firing that has not started yet is not waited for.
    /// In a cluster only this node's chains are counted: a requested run that another node takes is not waited for.
    /// </summary>
    public Task WaitForIdleAsync(CancellationToken cancellationToken = default) => activity.WaitForIdleAsync(cancellationToken);

    /// <summary>
    /// Stops firing and shuts Quartz down. With <paramref name="waitForRunningChains"/> the running chains finish
    /// undisturbed; without it their <see cref="CancellationToken"/> is cancelled and they are not waited for.
    /// Runs requested but not started are dropped. A second call waits for the first.
    /// </summary>
    /// <param name="waitForRunningChains">Whether to let running chains finish.</param>
    /// <param name="cancellationToken">Stops waiting for running chains; the shutdown itself still completes.</param>
    public Task StopAsync(bool waitForRunningChains = true, CancellationToken cancellationToken = default)
    {
        lock (stopGate)
        {
            stopping ??= StopCoreAsync(waitForRunningChains, cancellationToken);
            return stopping;
        }
    }

    /// <summary>Stops without waiting for running chains (their tokens are cancelled) and releases Quartz.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(waitForRunningChains: false).ConfigureAwait(false);
        }
        finally
        {
            await factory.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static List<ScheduledDataset> ParseCrons(IReadOnlyList<ScheduledDataset> datasets, TimeZoneInfo zone, DateTimeOffset now)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parsed = new List<ScheduledDataset>(datasets.Count);
        foreach (var dataset in datasets)
        {
            ArgumentNullException.ThrowIfNull(dataset, nameof(datasets));
            if (string.IsNullOrWhiteSpace(dataset.Name))
            {
                throw new ArgumentException("A scheduled dataset has an empty name.", nameof(datasets));
            }

            if (!seen.Add(dataset.Name))
            {
                throw new ArgumentException($"Dataset '{dataset.Name}' is scheduled twice.", nameof(datasets));
            }

            var cron = dataset.Cron?.Trim() ?? string.Empty;
            CronExpression expression;
            try
            {
                expression = CronExpression.Parse(cron).WithTimeZone(zone);
            }
            catch (FormatException exception)
            {
                throw new ArgumentException(
                    $"Dataset '{dataset.Name}' has an invalid cron expression '{cron}': {exception.Message} " +
                    "Quartz cron has seconds first, for example '0 0 3 * * ?' for 03:00 every day.",
                    nameof(datasets),
                    exception);
            }

            if (expression.GetNextValidTimeAfter(now) is null)
            {
                throw new ArgumentException($"Dataset '{dataset.Name}' has a cron expression '{cron}' that never fires again.", nameof(datasets));
            }

            parsed.Add(dataset with { Cron = cron });
        }

        return parsed;
    }

    private static string PrepareStore(string storeFilePath)
    {
        var fullPath = Path.GetFullPath(storeFilePath);
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = true }.ToString();
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }

    private static string DescribePostgres(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"The cluster's connection string is not a PostgreSQL connection string: {exception.Message}", nameof(connectionString), exception);
        }
    }

    private async Task StoreScheduleAsync(List<ScheduledDataset> datasets, TimeZoneInfo zone, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        foreach (var dataset in datasets)
        {
            await StoreDatasetAsync(dataset, zone, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        var stored = await scheduler.QueryJobs(
            new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(JobGroup), Take = PagedQuery.All },
            cancellationToken).ConfigureAwait(false);
        foreach (var header in stored.Items.Where(header => !datasetNames.Contains(header.Key.Name)))
        {
            if (clustered)
            {
                // Another node may have scheduled it: a cluster's schedule is the union of what its nodes list.
                logger.KeptOtherNodesSchedule(header.Key.Name);
                continue;
            }

            await scheduler.DeleteJob(header.Key, cancellationToken).ConfigureAwait(false);
            logger.RemovedStaleSchedule(header.Key.Name);
        }
    }

    private async Task StoreDatasetAsync(ScheduledDataset dataset, TimeZoneInfo zone, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var jobKey = new JobKey(dataset.Name, JobGroup);
        var triggerKey = new TriggerKey(dataset.Name, JobGroup);

        // An unchanged stored trigger is kept rather than replaced: replacing it would move its next fire time
        // past a slot missed while the process was down, and that misfire would never run.
        var storedTrigger = await scheduler.GetTrigger(triggerKey, cancellationToken).ConfigureAwait(false) as ICronTrigger;
        var storedJob = await scheduler.GetJobDetail(jobKey, cancellationToken).ConfigureAwait(false);
        if (storedTrigger is not null
            && storedJob is { ConcurrentExecutionDisallowed: true, RequestsRecovery: true }
            && storedTrigger.CronExpressionString == dataset.Cron
            && storedTrigger.TimeZone.Id == zone.Id
            && storedTrigger.MisfireInstruction == CronTriggerMisfireInstruction.FireAndProceed)
        {
            logger.KeptStoredSchedule(dataset.Name, dataset.Cron, storedTrigger.NextFireTimeUtc);
            return;
        }

        var job = JobBuilder.Create<ChainJob>()
            .WithIdentity(jobKey)
            .WithDescription($"The chain of dataset {dataset.Name}")
            .DisallowConcurrentExecution()
            // A firing that was running on a node that died (kill -9, a crash, a lost machine) is fired again, as
            // recovering, by a node that is alive, or by this one when it restarts on a SQLite store.
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create(timeProvider)
            .WithIdentity(triggerKey)
            .WithDescription($"Cron '{dataset.Cron}' of dataset {dataset.Name}")
            .ForJob(jobKey)
            .StartAt(timeProvider.GetUtcNow())
            .WithSchedule(CronScheduleBuilder.Create(dataset.Cron)
                .InTimeZone(zone)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        var nextFireTime = await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken).ConfigureAwait(false);
        logger.Scheduled(dataset.Name, dataset.Cron, nextFireTime);
    }

    private void EnsureScheduled(string dataset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        if (!datasetNames.Contains(dataset))
        {
            throw new ArgumentException($"Dataset '{dataset}' is not scheduled.", nameof(dataset));
        }
    }

    private void EnsureRunning()
    {
        lock (stopGate)
        {
            if (stopping is not null)
            {
                throw new InvalidOperationException("The scheduler has been stopped.");
            }
        }
    }

    private async Task StopCoreAsync(bool waitForRunningChains, CancellationToken cancellationToken)
    {
        logger.SchedulerStopping(waitForRunningChains);
        try
        {
            await scheduler.Shutdown(waitForRunningChains, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            activity.Release();
        }

        logger.SchedulerStopped();
    }
}
