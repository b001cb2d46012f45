namespace DatasetForge.Reporting.Model;

/// <summary>The kinds of <see cref="AuditFlag"/>.</summary>
public static class FlagKinds
{
    public const string StageDrop = "stage-drop";
    public const string ShortcutRisk = "shortcut-risk";
    public const string ImageDifference = "image-difference";

    /// <summary>A class with fewer validation or test items than <see cref="ReportOptions.MinSplitItems"/>: its metrics mean little.</summary>
    public const string SmallSplit = "small-split";

    /// <summary>A group (source, label) with too few persons for the drop rules to judge it: shown, not silently skipped.</summary>
    public const string TooSmall = "too-small";
}
