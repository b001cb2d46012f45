namespace DatasetForge.Core.Pipeline;

/// <summary>
/// A progress report: <paramref name="Done"/> of <paramref name="Total"/> (null when unknown) of a named step, and a
/// <paramref name="Detail"/> that changes as the step goes on (an epoch's losses) without making it another step.
/// </summary>
public sealed record StageProgress(PipelineStage Stage, string Step, long Done, long? Total, string? Detail = null);
