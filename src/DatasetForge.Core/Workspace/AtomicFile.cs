namespace DatasetForge.Core.Workspace;

/// <summary>
/// Writes files so that a reader (a browser, another stage, the next run after a crash) sees the old file or the new
/// one, never half of one: the bytes go to a uniquely named file beside the target, which then replaces it.
/// </summary>
public static class AtomicFile
{
    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = TemporaryName(path);
        try
        {
            await File.WriteAllBytesAsync(temp, content, cancellationToken);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// <see cref="WriteAllBytesAsync"/> for many small files written by worker threads (curate's crops): synchronous,
    /// and with the fewest system calls: the folder is created only when the first open finds it missing, and the
    /// temporary file is created new (nothing to truncate) and deleted only when it was not renamed.
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temp = TemporaryName(path);
        var renamed = false;
        try
        {
            using (var handle = CreateNew(temp))
            {
                RandomAccess.Write(handle, content, 0);
            }

            File.Move(temp, path, overwrite: true);
            renamed = true;
        }
        finally
        {
            if (!renamed)
            {
                File.Delete(temp);
            }
        }
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle CreateNew(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            return File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        }
    }

    private static string TemporaryName(string path) => $"{path}.{Guid.NewGuid():N}.tmp";
}
