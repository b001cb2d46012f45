namespace DatasetForge.Core.Pipeline;

/// <summary>What a stage did: a one-line summary for people and named counts for machines and tests.</summary>
public sealed record StageResult(PipelineStage Stage, string Summary, IReadOnlyDictionary<string, long> Counts)
{
    /// <summary>Paths of files a person will want to open (a report, a version folder), if any.</summary>
    public IReadOnlyList<string> Artifacts { get; init; } = [];
}
