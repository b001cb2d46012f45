namespace DatasetForge.Reporting.Model;

/// <summary>
/// Something in the data a reader must look at: a stage that drops one group much more than the others
/// (<see cref="FlagKinds.StageDrop"/>), a label predictable from where its photos came from
/// (<see cref="FlagKinds.ShortcutRisk"/>), or an image statistic that differs by label or source
/// (<see cref="FlagKinds.ImageDifference"/>). <paramref name="Score"/> is the measure that crossed its threshold.
/// </summary>
public sealed record AuditFlag(string Kind, string Facet, string Subject, string Message, double Score)
{
    /// <summary>The label value and source (or facet value) of a flagged cell, for its contact sheet; null otherwise.</summary>
    public string? CellLabel { get; init; }

    /// <summary>The facet value of the flagged cell (the source for a shortcut risk).</summary>
    public string? CellValue { get; init; }
}
