namespace DatasetForge.Core.Workspace;

/// <summary>
/// Writes bytes into the content-addressed store: once per sha256, via a temporary file, so a crash never leaves half
/// a blob. Shared by every stage that brings images in (scrape, import).
/// </summary>
public static class ContentStore
{
    /// <summary>Stores <paramref name="bytes"/> under their sha256 unless already there; returns the blob's path.</summary>
    public static Task<string> PutAsync(DatasetWorkspace workspace, string sha256, byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return PutFileAsync(workspace.BlobPath(sha256), sha256, bytes, cancellationToken);
    }

    /// <summary>Stores <paramref name="bytes"/> at <paramref name="path"/> (named by their sha256) unless already there.</summary>
    public static async Task<string> PutFileAsync(string path, string sha256, byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(bytes);
        if (File.Exists(path) && new FileInfo(path).Length == bytes.LongLength)
        {
            return path;
        }

        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{sha256}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            return path;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
