using Quartz;
using Quartz.Extensibility;

namespace DatasetForge.Scheduling;

/// <summary>Hands Quartz the stateless job instances (chain, source, continuation), which carry the runner no container knows about.</summary>
internal sealed class ChainJobFactory(params IJob[] jobs) : IJobFactory
{
    public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken = default)
    {
        var type = bundle.JobDetail.JobType.Type;
        var job = jobs.FirstOrDefault(j => j.GetType() == type)
            ?? throw new SchedulerException($"No job of type {type.Name} is known to this scheduler.");
        return ValueTask.FromResult(new JobScope(job, null));
    }

    public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
