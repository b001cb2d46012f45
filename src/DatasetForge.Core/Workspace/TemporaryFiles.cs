namespace DatasetForge.Core.Workspace;

/// <summary>
/// The half-written files a crashed process leaves in a dataset's folders: <c>*.tmp</c> files (<see cref="AtomicFile"/>,
/// <see cref="ContentStore"/>, model weights, tensor caches) under <c>runs/</c>, <c>crops/</c>, <c>store/</c>,
/// <c>cache/</c> and <c>reports/</c>, and the <c>versions/.tmp-&lt;id&gt;</c> folders of an export cut short.
/// </summary>
public static class TemporaryFiles
{
    /// <summary>The folders searched for <c>*.tmp</c> files.</summary>
    public static IReadOnlyList<string> Folders(DatasetWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return [workspace.RunsDirectory, workspace.CropsDirectory, workspace.StoreDirectory, workspace.CacheDirectory, workspace.ReportsDirectory];
    }

    /// <summary>
    /// Deletes them and returns how many files and folders went. Only for a process that holds the dataset's lease:
    /// another one at work would lose the file it is writing.
    /// </summary>
    public static int RemoveAll(DatasetWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var removed = 0;
        foreach (var folder in Folders(workspace).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.tmp", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            {
                if (TryDelete(() => File.Delete(file)))
                {
                    removed++;
                }
            }
        }

        if (Directory.Exists(workspace.VersionsDirectory))
        {
            foreach (var folder in Directory.EnumerateDirectories(workspace.VersionsDirectory, ".tmp-*"))
            {
                if (TryDelete(() => Directory.Delete(folder, recursive: true)))
                {
                    removed++;
                }
            }
        }

        return removed;
    }

    private static bool TryDelete(Action delete)
    {
        try
        {
            delete();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone already or not ours to delete: the next run tries again.
            return false;
        }
    }
}
