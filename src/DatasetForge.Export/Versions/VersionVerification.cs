namespace DatasetForge.Export.Versions;

/// <summary>What checking a version folder against its recorded hashes found; <see cref="Problems"/> is empty when it is intact.</summary>
public sealed record VersionVerification(string VersionId, string Folder, int FilesChecked, IReadOnlyList<string> Problems)
{
    /// <summary>True when every recorded file is present and unaltered, and no group straddles two splits.</summary>
    public bool IsIntact => Problems.Count == 0;
}
