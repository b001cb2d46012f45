namespace DatasetForge.Reporting.Model;

/// <summary>
/// Persons at each step: listed by a source (not vanished), with a downloaded photo, with a face crop, kept by curation,
/// and exported in the newest version.
/// </summary>
public sealed record FunnelCounts(int Listed, int WithPhoto, int WithFace, int Kept, int Exported);
