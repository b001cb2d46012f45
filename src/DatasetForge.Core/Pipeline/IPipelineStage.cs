namespace DatasetForge.Core.Pipeline;

/// <summary>
/// One stage of the chain. A stage reads its input from the catalogue and writes its results and decisions back;
/// it is incremental (only new or changed items) and idempotent (a second run changes nothing).
/// </summary>
public interface IPipelineStage
{
    /// <summary>Which stage this is.</summary>
    PipelineStage Stage { get; }

    /// <summary>Runs the stage for one dataset. Cancellation stops it between items; work done so far is kept.</summary>
    Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken = default);
}
