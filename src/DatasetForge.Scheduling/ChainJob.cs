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
internal sealed class ChainJob(IChainRunner runner, ChainActivity activity, ILogger logger, TimeProvider timeProvider) : IJob
{
    /// <summary>Marks the job data of a trigger made by <see cref="ChainScheduler.TriggerNowAsync"/>.</summary>
    public const string RequestedRunKey = "forge.requested";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var dataset = context.JobDetail.Key.Name;
        var requested = context.Trigger.JobDataMap.ContainsKey(RequestedRunKey);
        var reason = requested ? "requested" : context.Recovering ? "recovered" : "cron";
        activity.Started(requested);
        var started = timeProvider.GetTimestamp();
        try
        {
            logger.ChainStarted(dataset, reason, context.ScheduledFireTimeUtc);
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
