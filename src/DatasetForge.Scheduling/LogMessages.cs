using Microsoft.Extensions.Logging;

namespace DatasetForge.Scheduling;

/// <summary>The scheduler's log events, with fixed event ids.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Scheduled dataset {Dataset} on cron '{Cron}', next run at {NextFireTime}")]
    public static partial void Scheduled(this ILogger logger, string dataset, string cron, DateTimeOffset? nextFireTime);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Kept the stored schedule of dataset {Dataset} (cron '{Cron}'), next run at {NextFireTime}")]
    public static partial void KeptStoredSchedule(this ILogger logger, string dataset, string cron, DateTimeOffset? nextFireTime);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Removed the stored schedule of dataset {Dataset}, which is no longer scheduled")]
    public static partial void RemovedStaleSchedule(this ILogger logger, string dataset);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Kept the stored schedule of dataset {Dataset}, which this node does not list: another node of the cluster may")]
    public static partial void KeptOtherNodesSchedule(this ILogger logger, string dataset);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Chain of dataset {Dataset} started ({Reason}, scheduled for {ScheduledFireTime}) on node {InstanceId}")]
    public static partial void ChainStarted(this ILogger logger, string dataset, string reason, DateTimeOffset? scheduledFireTime, string instanceId);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "Chain of dataset {Dataset} finished in {Elapsed}")]
    public static partial void ChainFinished(this ILogger logger, string dataset, TimeSpan elapsed);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Chain of dataset {Dataset} was cancelled after {Elapsed}")]
    public static partial void ChainCancelled(this ILogger logger, string dataset, TimeSpan elapsed);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Error, Message = "Chain of dataset {Dataset} failed after {Elapsed}; the schedule goes on")]
    public static partial void ChainFailed(this ILogger logger, Exception exception, string dataset, TimeSpan elapsed);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Run of dataset {Dataset} requested now")]
    public static partial void TriggeredNow(this ILogger logger, string dataset);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Information, Message = "Scheduler {SchedulerName} (node {InstanceId}) started with {Count} dataset(s), {Store} store")]
    public static partial void SchedulerStarted(this ILogger logger, string schedulerName, string instanceId, int count, string store);

    [LoggerMessage(EventId = 7031, Level = LogLevel.Information, Message = "Scheduler stopping (waiting for running chains: {Wait})")]
    public static partial void SchedulerStopping(this ILogger logger, bool wait);

    [LoggerMessage(EventId = 7032, Level = LogLevel.Information, Message = "Scheduler stopped")]
    public static partial void SchedulerStopped(this ILogger logger);
    [LoggerMessage(EventId = 7040, Level = LogLevel.Information, Message = "Chain of dataset {Dataset} spread over the cluster: {Count} source job(s) and a continuation planned on node {InstanceId}")]
    public static partial void FiringPlanned(this ILogger logger, string dataset, int count, string instanceId);

    [LoggerMessage(EventId = 7041, Level = LogLevel.Information, Message = "Chain of dataset {Dataset} not planned again on node {InstanceId}: the source jobs of a previous firing are still in flight and cover this one")]
    public static partial void FiringInFlight(this ILogger logger, string dataset, string instanceId);

    [LoggerMessage(EventId = 7042, Level = LogLevel.Information, Message = "Source {Source} of dataset {Dataset} started ({Reason}) on node {InstanceId}")]
    public static partial void SourceStarted(this ILogger logger, string source, string dataset, string reason, string instanceId);

    [LoggerMessage(EventId = 7043, Level = LogLevel.Information, Message = "Source {Source} of dataset {Dataset} scraped on node {InstanceId} in {Elapsed}")]
    public static partial void SourceFinished(this ILogger logger, string source, string dataset, string instanceId, TimeSpan elapsed);

    [LoggerMessage(EventId = 7044, Level = LogLevel.Information, Message = "Source {Source} of dataset {Dataset} needed no scrape on node {InstanceId}: done for this firing already, or no longer in the manifests")]
    public static partial void SourceAlreadyDone(this ILogger logger, string source, string dataset, string instanceId);

    [LoggerMessage(EventId = 7045, Level = LogLevel.Warning, Message = "Source {Source} of dataset {Dataset} was cancelled on node {InstanceId}; the next free node takes it up")]
    public static partial void SourceCancelled(this ILogger logger, string source, string dataset, string instanceId);

    [LoggerMessage(EventId = 7046, Level = LogLevel.Error, Message = "Source {Source} of dataset {Dataset} failed on node {InstanceId}; the rest of the chain goes on without it")]
    public static partial void SourceFailed(this ILogger logger, Exception exception, string source, string dataset, string instanceId);

    [LoggerMessage(EventId = 7047, Level = LogLevel.Information, Message = "Chain of dataset {Dataset} continues after its {Count} source(s) ({Reason}) on node {InstanceId}")]
    public static partial void ContinuationStarted(this ILogger logger, string dataset, string count, string reason, string instanceId);

    [LoggerMessage(EventId = 7048, Level = LogLevel.Warning, Message = "Finished job {Job} could not be removed from the schedule; its next firing finds its work done")]
    public static partial void JobNotRemoved(this ILogger logger, Exception exception, string job);
}
