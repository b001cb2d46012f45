namespace DatasetForge.Reporting.Model;

/// <summary>Image statistics per label and per source, and the differences large enough to be flagged.</summary>
public sealed record ImageStatistics(
    int Measured, int SamplesPerCell, IReadOnlyList<ImageGroupStatistics> ByLabel, IReadOnlyList<ImageGroupStatistics> BySource);
