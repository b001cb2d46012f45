namespace DatasetForge.Catalogue.Entities;

/// <summary>One run of one stage: when, how it ended, and its counts, for history and the report's funnel.</summary>
public sealed class StageRunRecord
{
    public long Id { get; set; }

    public required string Stage { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>running, succeeded, failed, cancelled or interrupted (left running by a process that died; closed by the next one).</summary>
    public required string Status { get; set; }

    public string? Summary { get; set; }

    /// <summary>The stage's counts as a JSON object.</summary>
    public string CountsJson { get; set; } = "{}";
}
