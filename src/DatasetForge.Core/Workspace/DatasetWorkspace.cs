namespace DatasetForge.Core.Workspace;

/// <summary>The folder layout of one dataset under the workspace root (<c>datasets/&lt;name&gt;/</c> by default).</summary>
public sealed class DatasetWorkspace
{
    public DatasetWorkspace(string workspaceRoot, string datasetName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspaceRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetName);
        Name = datasetName;
        Root = Path.GetFullPath(Path.Combine(workspaceRoot, datasetName));
    }

    /// <summary>The dataset's name, also its folder name.</summary>
    public string Name { get; }

    /// <summary>Absolute path of the dataset folder.</summary>
    public string Root { get; }

    /// <summary>
    /// Where the catalogue lives: null (or "sqlite") for <see cref="CataloguePath"/>, else a PostgreSQL URL or connection
    /// string (from <c>--catalogue</c>, <c>DATASETFORGE_CATALOGUE</c> or <c>catalogue:</c> in dataset.yaml). Only the
    /// catalogue library reads it.
    /// </summary>
    public string? Catalogue { get; init; }

    /// <summary>The SQLite catalogue file, when the catalogue is on SQLite.</summary>
    public string CataloguePath => Path.Combine(Root, "catalogue.db");

    /// <summary>Content-addressed store of original photos.</summary>
    public string StoreDirectory => Path.Combine(Root, "store");

    /// <summary>Face crops, one PNG per photo, named by the photo's sha256.</summary>
    public string CropsDirectory => Path.Combine(Root, "crops");

    /// <summary>Exported, immutable dataset versions, one folder per version id.</summary>
    public string VersionsDirectory => Path.Combine(Root, "versions");

    /// <summary>Training runs, one folder per run id.</summary>
    public string RunsDirectory => Path.Combine(Root, "runs");

    /// <summary>Reports (HTML for people, JSON for machines).</summary>
    public string ReportsDirectory => Path.Combine(Root, "reports");

    /// <summary>Files derived from others and safe to delete (decoded tensor files of versions): rebuilt when missing.</summary>
    public string CacheDirectory => Path.Combine(Root, "cache");

    /// <summary>Path of a stored blob: <c>store/ab/abcdef…</c>. The name is the content's sha256, never a remote name.</summary>
    public string BlobPath(string sha256)
    {
        ContentHash.EnsureValid(sha256);
        return Path.Combine(StoreDirectory, sha256[..2], sha256);
    }

    /// <summary>Path of the face crop of the photo with this sha256.</summary>
    public string CropPath(string photoSha256)
    {
        ContentHash.EnsureValid(photoSha256);
        return Path.Combine(CropsDirectory, photoSha256[..2], photoSha256 + ".png");
    }

    /// <summary>Creates the folders that do not exist yet.</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(StoreDirectory);
        Directory.CreateDirectory(CropsDirectory);
        Directory.CreateDirectory(VersionsDirectory);
        Directory.CreateDirectory(RunsDirectory);
        Directory.CreateDirectory(ReportsDirectory);
    }
}
