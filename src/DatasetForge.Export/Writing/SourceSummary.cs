namespace DatasetForge.Export.Writing;

/// <summary>What one source contributed, for the datasheet.</summary>
internal sealed record SourceSummary(string Name, string Kind, int Listed, int Kept, int Exported);
