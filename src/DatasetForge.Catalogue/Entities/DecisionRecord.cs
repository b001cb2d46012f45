namespace DatasetForge.Catalogue.Entities;

/// <summary>
/// What one rule of one stage decided about one subject (a person or a photo). There is at most one decision per
/// stage, subject and rule: a re-run replaces it, so running a stage twice changes nothing.
/// </summary>
public sealed class DecisionRecord
{
    public long Id { get; set; }

    /// <summary>The stage (scrape, curate, export, …).</summary>
    public required string Stage { get; set; }

    /// <summary>person or photo.</summary>
    public required string SubjectKind { get; set; }

    public int SubjectId { get; set; }

    /// <summary>The rule's name (see DatasetForge.Core.Pipeline.Rules).</summary>
    public required string Rule { get; set; }

    /// <summary>Kept, Rejected or Flagged.</summary>
    public required string Outcome { get; set; }

    /// <summary>Why, in words a reviewer understands (the matched word, the URL and status, the score).</summary>
    public required string Reason { get; set; }

    public double? Score { get; set; }

    public DateTime DecidedAt { get; set; }
}

/// <summary>The kinds of subject a decision is about.</summary>
public static class SubjectKinds
{
    public const string Person = "person";
    public const string Photo = "photo";
}
