using DatasetForge.Core.Workspace;

namespace DatasetForge.Scraping.Storage;

/// <summary>Writes photo bytes into the content-addressed store: once per sha256, via a temporary file, so a crash never leaves half a blob.</summary>
internal static class BlobStore
{
    /// <summary>Stores <paramref name="bytes"/> under their sha256 unless already there; returns the blob's path.</summary>
    public static Task<string> PutAsync(DatasetWorkspace workspace, string sha256, byte[] bytes, CancellationToken cancellationToken) =>
        PutFileAsync(workspace.BlobPath(sha256), sha256, bytes, cancellationToken);

    /// <summary>The copy of a list page's HTML kept for conditional GET: a 304 is answered from it. Outside the photo store.</summary>
    public static string PagePath(DatasetWorkspace workspace, string sha256) =>
        Path.Combine(workspace.Root, "pages", sha256[..2], sha256 + ".html");

    /// <summary>Stores <paramref name="bytes"/> at <paramref name="path"/> (named by their sha256) unless already there.</summary>
    public static async Task<string> PutFileAsync(string path, string sha256, byte[] bytes, CancellationToken cancellationToken)
    {
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
