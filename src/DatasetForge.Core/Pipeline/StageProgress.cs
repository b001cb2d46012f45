namespace DatasetForge.Core.Pipeline;

/// <summary>A progress report: <paramref name="Done"/> of <paramref name="Total"/> (null when unknown) of a named step.</summary>
public sealed record StageProgress(PipelineStage Stage, string Step, long Done, long? Total);
