using DatasetForge.Core.Pipeline;

namespace DatasetForge.Export.Splitting;

/// <summary>
/// One item to place in a split: its opaque id, label, duplicate group, and the split it had in the parent version
/// (null when it is new).
/// </summary>
public sealed record SplitCandidate(string ItemId, string Label, int Group, Split? PreviousSplit = null);
