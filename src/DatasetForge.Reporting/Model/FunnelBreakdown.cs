namespace DatasetForge.Reporting.Model;

/// <summary>The funnel of one source or one label.</summary>
public sealed record FunnelBreakdown(string Key, FunnelCounts Counts);
