namespace DatasetForge.Curation.Stage;

/// <summary>What the rules need to know about a person.</summary>
internal sealed record PersonFacts(int Id, string? Role, string? Label, string? PhotoUrl, int? PhotoId);
