namespace DatasetForge.Core.Pipeline;

/// <summary>Runs the stages of the chain in order for one dataset.</summary>
public sealed class PipelineRunner
{
    private readonly IReadOnlyList<IPipelineStage> _stages;

    public PipelineRunner(IEnumerable<IPipelineStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        _stages = [.. stages.OrderBy(s => s.Stage)];
        var duplicate = _stages.GroupBy(s => s.Stage).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Stage {duplicate.Key} is registered more than once.", nameof(stages));
        }
    }

    /// <summary>The registered stages, in chain order.</summary>
    public IReadOnlyList<IPipelineStage> Stages => _stages;

    /// <summary>Runs <paramref name="only"/> (or every stage) in chain order; stops at the first failure or cancellation.</summary>
    public async Task<IReadOnlyList<StageResult>> RunAsync(
        StageContext context,
        IReadOnlyCollection<PipelineStage>? only = null,
        Action<StageResult>? onStageCompleted = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Workspace.EnsureCreated();
        var results = new List<StageResult>();
        foreach (var stage in _stages)
        {
            if (only is not null && !only.Contains(stage.Stage))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var result = await stage.RunAsync(context, cancellationToken);
            results.Add(result);
            onStageCompleted?.Invoke(result);
        }

        return results;
    }
}
