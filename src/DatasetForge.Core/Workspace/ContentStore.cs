namespace DatasetForge.Core.Workspace;

/// <summary>
/// Writes bytes into the content-addressed store: once per sha256, via a temporary file, so a crash never leaves half
/// a blob under its name. Shared by every stage that brings images in (scrape, import).
/// </summary>
public static class ContentStore
{
    /// <summary>Stores <paramref name="bytes"/> under their sha256 unless already there, flushed to the disk; returns the blob's path.</summary>
    public static Task<string> PutAsync(DatasetWorkspace workspace, string sha256, byte[] bytes, CancellationToken cancellationToken = default) =>
        PutAsync(workspace, sha256, bytes, flushToDisk: true, cancellationToken);

    /// <summary>Stores <paramref name="bytes"/> under their sha256 unless already there; returns the blob's path.</summary>
    /// <param name="workspace">The dataset's folders.</param>
    /// <param name="sha256">The bytes' sha256, lower-case hex: the blob's name.</param>
    /// <param name="bytes">The content.</param>
    /// <param name="flushToDisk">
    /// Wait until the bytes are on the disk before the blob gets its name: a downloaded photo exists only here. An
    /// importer whose originals stay where they are may pass false; a flush costs milliseconds per file.
    /// </param>
    /// <param name="cancellationToken">Stops the write; no partial blob is left under the name.</param>
    public static Task<string> PutAsync(DatasetWorkspace workspace, string sha256, byte[] bytes, bool flushToDisk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return PutFileAsync(workspace.BlobPath(sha256), sha256, bytes, flushToDisk, cancellationToken);
    }

    /// <summary>Stores <paramref name="bytes"/> at <paramref name="path"/> (named by their sha256) unless already there, flushed to the disk.</summary>
    public static Task<string> PutFileAsync(string path, string sha256, byte[] bytes, CancellationToken cancellationToken = default) =>
        PutFileAsync(path, sha256, bytes, flushToDisk: true, cancellationToken);

    /// <summary>Stores <paramref name="bytes"/> at <paramref name="path"/> (named by their sha256) unless already there with the same length.</summary>
    public static async Task<string> PutFileAsync(string path, string sha256, byte[] bytes, bool flushToDisk, CancellationToken cancellationToken = default)
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
                stream.Flush(flushToDisk);
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
