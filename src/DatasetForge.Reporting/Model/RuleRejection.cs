namespace DatasetForge.Reporting.Model;

/// <summary>How many subjects one rule of one stage rejected, with a few of the recorded reasons.</summary>
public sealed record RuleRejection(string Stage, string Rule, int Count, IReadOnlyList<string> Examples);
