using Microsoft.Extensions.Logging;
using Quartz;

namespace DatasetForge.Scheduling;

/// <summary>The Quartz job of one dataset (its job key's name): runs the dataset's chain through the <see cref="IChainRunner"/>.</summary>
/// <remarks>
/// <see cref="DisallowConcurrentExecutionAttribute"/> makes Quartz hold back every trigger of the same job key
/// while one firing runs, so a dataset's chain never runs twice at once; a firing held back past the misfire
/// threshold is settled by the trigger's misfire instruction (one run).
/// </remarks>
[DisallowConcurrentExecution]
internal sealed class ChainJob(IChainRunner runner, ChainActivity activity, ILogger logger, TimeProvider timeProvider, TimeSpan? spreadInterval = null) : IJob
{
    /// <summary>Marks the job data of a trigger made by <see cref="ChainScheduler.TriggerNowAsync"/>.</summary>
    public const string RequestedRunKey = "forge.requested";

    /// <summary>The value of <see cref="RequestedRunKey"/> for a run <see cref="ChainActivity"/> counts as queued.</summary>
    public const string CountedRun = "true";

    /// <summary>The value of <see cref="RequestedRunKey"/> for a cluster's requested run, which any node may take, so none counts it.</summary>
    public const string UncountedRun = "cluster";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var dataset = context.JobDetail.Key.Name;
        var requested = context.Trigger.JobDataMap.ContainsKey(RequestedRunKey);
        var counted = requested && !context.Recovering && context.Trigger.JobDataMap.GetString(RequestedRunKey) == CountedRun;
        var reason = context.Recovering ? "recovered" : requested ? "requested" : "cron";
        activity.Started(counted);
        var started = timeProvider.GetTimestamp();
        try
        {
            logger.ChainStarted(dataset, reason, context.ScheduledFireTimeUtc, context.Scheduler.SchedulerInstanceId);
            if (spreadInterval is { } interval && runner is ISourceChainRunner split
                && await split.ListSourcesAsync(dataset, cancellationToken).ConfigureAwait(false) is { Count: > 1 } sources)
            {
                // The planner: the sources become jobs any free node takes, and a continuation runs the rest once.
                if (await SourceJobs.PlanAsync(context.Scheduler, dataset, sources, interval, timeProvider, cancellationToken).ConfigureAwait(false))
                {
                    logger.FiringPlanned(dataset, sources.Count, context.Scheduler.SchedulerInstanceId);
                }
                else
                {
                    logger.FiringInFlight(dataset, context.Scheduler.SchedulerInstanceId);
                }

                return;
            }

            await runner.RunAsync(dataset, cancellationToken).ConfigureAwait(false);
            logger.ChainFinished(dataset, timeProvider.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Rethrown so Quartz records the firing as cancelled rather than completed.
            logger.ChainCancelled(dataset, timeProvider.GetElapsedTime(started));
            throw;
        }
        catch (Exception exception)
        {
            // Quartz records the failure and keeps the trigger; the next cron slot or request runs again.
            logger.ChainFailed(exception, dataset, timeProvider.GetElapsedTime(started));
            throw new JobExecutionException($"The chain of dataset '{dataset}' failed: {exception.Message}", exception);
        }
        finally
        {
            activity.Finished();
        }
    }
}
