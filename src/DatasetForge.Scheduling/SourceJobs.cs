using System.Globalization;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DatasetForge.Scheduling;

/// <summary>
/// One firing of a dataset spread over a cluster: one job per web source (group <c>sources:&lt;dataset&gt;</c>, name = the
/// source) and one continuation (group <see cref="ContinuationGroup"/>, name = the dataset) that runs the rest of the chain
/// once no source job of the dataset is left. All of them are stored by the planner in one call, so a firing is planned
/// wholly or not at all.
/// </summary>
/// <remarks>
/// Every job is durable, requests recovery and disallows concurrent execution, and its one trigger repeats on a fixed
/// delay measured from the end of the previous firing (<see cref="ScheduleOptions.SourceJobInterval"/>). A job deletes
/// itself (with its trigger) when it is done, succeeded or failed; a job whose firing was cancelled (its node stopped) is
/// therefore fired again by the next free node, and one whose node died is recovered by Quartz. A source job's
/// disappearance is its completion record in Quartz's own tables, inside Quartz's transaction.
/// </remarks>
internal static class SourceJobs
{
    /// <summary>The group of the continuation jobs, one per dataset with a spread firing in flight.</summary>
    public const string ContinuationGroup = "continuations";

    /// <summary>Job data: the dataset's name.</summary>
    public const string DatasetKey = "forge.dataset";

    /// <summary>Job data: the source's name.</summary>
    public const string SourceKey = "forge.source";

    /// <summary>Job data: when the firing was planned (UTC, round-trip format).</summary>
    public const string PlannedAtKey = "forge.plannedAt";

    /// <summary>Job data: how many sources the firing has.</summary>
    public const string SourceCountKey = "forge.sources";

    /// <summary>The group a dataset's source jobs are kept in.</summary>
    public static string SourceGroup(string dataset) => "sources:" + dataset;

    /// <summary>The continuation job of a dataset.</summary>
    public static JobKey ContinuationKey(string dataset) => new(dataset, ContinuationGroup);

    /// <summary>The source jobs of <paramref name="dataset"/> still stored (not yet done).</summary>
    public static async Task<IReadOnlyList<JobKey>> PendingSourcesAsync(IScheduler scheduler, string dataset, CancellationToken cancellationToken)
    {
        var stored = await scheduler.QueryJobs(
            new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(SourceGroup(dataset)), Take = PagedQuery.All },
            cancellationToken).ConfigureAwait(false);
        return [.. stored.Items.Select(header => header.Key)];
    }

    /// <summary>
    /// Stores one job per source and the continuation in one call, unless a previous firing of the dataset is still in
    /// flight (then nothing is stored and false is returned: that firing's work covers this one).
    /// </summary>
    public static async Task<bool> PlanAsync(
        IScheduler scheduler, string dataset, IReadOnlyList<string> sources, TimeSpan interval, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if ((await PendingSourcesAsync(scheduler, dataset, cancellationToken).ConfigureAwait(false)).Count > 0
            || await scheduler.Exists(ContinuationKey(dataset), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        var plannedAt = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var plan = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>();
        foreach (var source in sources)
        {
            var key = new JobKey(source, SourceGroup(dataset));
            var job = JobBuilder.Create<SourceJob>()
                .WithIdentity(key)
                .WithDescription($"Scrape source {source} of dataset {dataset}")
                .UsingJobData(DatasetKey, dataset)
                .UsingJobData(SourceKey, source)
                .UsingJobData(PlannedAtKey, plannedAt)
                .StoreDurably()
                .RequestRecovery()
                .DisallowConcurrentExecution()
                .Build();
            plan[job] = [Repeating(timeProvider, new TriggerKey(source, SourceGroup(dataset)), key, now, interval)];
        }

        var continuation = JobBuilder.Create<ContinuationJob>()
            .WithIdentity(ContinuationKey(dataset))
            .WithDescription($"The chain of dataset {dataset} after its {sources.Count} sources are scraped")
            .UsingJobData(DatasetKey, dataset)
            .UsingJobData(PlannedAtKey, plannedAt)
            .UsingJobData(SourceCountKey, sources.Count.ToString(CultureInfo.InvariantCulture))
            .StoreDurably()
            .RequestRecovery()
            .DisallowConcurrentExecution()
            .Build();
        plan[continuation] = [Repeating(timeProvider, new TriggerKey(dataset, ContinuationGroup), continuation.Key, now + interval, interval)];
        await scheduler.ScheduleJobs(plan, new ScheduleJobOptions(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>When the firing was planned, from a job's data.</summary>
    public static DateTimeOffset PlannedAt(JobDataMap data) =>
        DateTimeOffset.Parse(data.GetString(PlannedAtKey)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Deletes a finished job with its trigger; a failure to do so is logged, and the job's next firing finds the work done.</summary>
    public static async Task RemoveAsync(IJobExecutionContext context, ILogger logger)
    {
        try
        {
            // Not the firing's token: the work is done, and its record must go even while the node stops.
            await context.Scheduler.DeleteJob(context.JobDetail.Key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SchedulerException exception)
        {
            logger.JobNotRemoved(exception, context.JobDetail.Key.ToString());
        }
    }

    private static ITrigger Repeating(TimeProvider timeProvider, TriggerKey key, JobKey job, DateTimeOffset start, TimeSpan interval) =>
        TriggerBuilder.Create(timeProvider)
            .WithIdentity(key)
            .ForJob(job)
            .StartAt(start)
            .WithSchedule(SimpleScheduleBuilder.Create()
                .WithInterval(interval)
                .RepeatForever()
                // A fixed delay after each firing ends: never overlapping itself, never a burst of misfires.
                .MeasureIntervalFromCompletion()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
}

/// <summary>Scrapes one source of a dataset's spread firing, then deletes itself.</summary>
[DisallowConcurrentExecution]
internal sealed class SourceJob(ISourceChainRunner runner, ChainActivity activity, ILogger logger, TimeProvider timeProvider) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.JobDetail.JobDataMap;
        var dataset = data.GetString(SourceJobs.DatasetKey)!;
        var source = data.GetString(SourceJobs.SourceKey)!;
        var plannedAt = SourceJobs.PlannedAt(data);
        var node = context.Scheduler.SchedulerInstanceId;
        activity.Started(requested: false);
        var started = timeProvider.GetTimestamp();
        try
        {
            logger.SourceStarted(source, dataset, context.Recovering ? "recovered" : "planned", node);
            var scraped = await runner.ScrapeSourceAsync(dataset, source, plannedAt, cancellationToken).ConfigureAwait(false);
            if (scraped)
            {
                logger.SourceFinished(source, dataset, node, timeProvider.GetElapsedTime(started));
            }
            else
            {
                logger.SourceAlreadyDone(source, dataset, node);
            }

            await SourceJobs.RemoveAsync(context, logger).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Kept: its trigger fires it again on the next free node, which resumes the crawl from its frontier.
            logger.SourceCancelled(source, dataset, node);
            throw;
        }
        catch (Exception exception)
        {
            // A failed source does not hold the rest of the chain back; the next firing scrapes it again.
            logger.SourceFailed(exception, source, dataset, node);
            await SourceJobs.RemoveAsync(context, logger).ConfigureAwait(false);
            throw new JobExecutionException($"Source '{source}' of dataset '{dataset}' failed: {exception.Message}", exception);
        }
        finally
        {
            activity.Finished();
        }
    }
}

/// <summary>Runs the rest of a dataset's chain once no source job of its spread firing is left, then deletes itself.</summary>
[DisallowConcurrentExecution]
internal sealed class ContinuationJob(ISourceChainRunner runner, ChainActivity activity, ILogger logger, TimeProvider timeProvider) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.JobDetail.JobDataMap;
        var dataset = data.GetString(SourceJobs.DatasetKey)!;
        var pending = await SourceJobs.PendingSourcesAsync(context.Scheduler, dataset, cancellationToken).ConfigureAwait(false);
        if (pending.Count > 0)
        {
            // Not yet: the trigger asks again after its interval.
            return;
        }

        var node = context.Scheduler.SchedulerInstanceId;
        activity.Started(requested: false);
        var started = timeProvider.GetTimestamp();
        try
        {
            logger.ContinuationStarted(dataset, data.GetString(SourceJobs.SourceCountKey) ?? "?", context.Recovering ? "recovered" : "all sources done", node);
            await runner.RunAfterScrapeAsync(dataset, cancellationToken).ConfigureAwait(false);
            logger.ChainFinished(dataset, timeProvider.GetElapsedTime(started));
            await SourceJobs.RemoveAsync(context, logger).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Kept: another node (or this one, restarted) runs it again; every stage resumes.
            logger.ChainCancelled(dataset, timeProvider.GetElapsedTime(started));
            throw;
        }
        catch (Exception exception)
        {
            logger.ChainFailed(exception, dataset, timeProvider.GetElapsedTime(started));
            await SourceJobs.RemoveAsync(context, logger).ConfigureAwait(false);
            throw new JobExecutionException($"The chain of dataset '{dataset}' failed: {exception.Message}", exception);
        }
        finally
        {
            activity.Finished();
        }
    }
}
