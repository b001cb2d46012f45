namespace DatasetForge.Manifests;

/// <summary>One problem in a manifest file, located by file, line, column and field.</summary>
public sealed record ManifestError(string File, int Line, int Column, string Field, string Message)
{
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: {Field}: {Message}" : $"{File}: {Field}: {Message}";
}
