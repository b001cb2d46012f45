namespace DatasetForge.Export.Writing;

/// <summary>How many subjects one rule of one stage rejected.</summary>
internal sealed record RuleCount(string Stage, string Rule, int Count);
