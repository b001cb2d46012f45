namespace DatasetForge.Curation.Review;

/// <summary>One decision about one person, as <c>forge review</c> lists it, with the person's current status.</summary>
public sealed record ReviewEntry(
    int PersonId,
    string Name,
    string? Status,
    string? StatusRule,
    string Stage,
    string Rule,
    string Outcome,
    string Reason,
    double? Score);
