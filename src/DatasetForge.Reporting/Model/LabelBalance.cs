namespace DatasetForge.Reporting.Model;

/// <summary>Label balance of a version: overall and per split.</summary>
public sealed record LabelBalance(IReadOnlyList<string> Classes, SplitBalance Overall, IReadOnlyList<SplitBalance> Splits);
