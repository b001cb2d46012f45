namespace DatasetForge.Export.Splitting;

/// <summary>One item to place in a cross-validation fold, with the fold it had in the parent version (null when new).</summary>
public sealed record FoldCandidate(string ItemId, string Label, int Group, int? PreviousFold = null);
