namespace DatasetForge.Core.Pipeline;

/// <summary>The three splits of an exported version.</summary>
public enum Split
{
    Train,
    Validation,
    Test,
}
