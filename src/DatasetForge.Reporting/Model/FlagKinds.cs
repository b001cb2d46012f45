namespace DatasetForge.Reporting.Model;

/// <summary>The kinds of <see cref="AuditFlag"/>.</summary>
public static class FlagKinds
{
    public const string StageDrop = "stage-drop";
    public const string ShortcutRisk = "shortcut-risk";
    public const string ImageDifference = "image-difference";
}
