using Quartz;
using Quartz.Extensibility;

namespace DatasetForge.Scheduling;

/// <summary>Hands Quartz the one stateless <see cref="ChainJob"/>, which carries the runner no container knows about.</summary>
internal sealed class ChainJobFactory(ChainJob job) : IJobFactory
{
    public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new JobScope(job, null));

    public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
