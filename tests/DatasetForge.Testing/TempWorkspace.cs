using DatasetForge.Core.Workspace;

namespace DatasetForge.Testing;

/// <summary>A dataset workspace in a fresh temporary folder, deleted on dispose.</summary>
public sealed class TempWorkspace : IDisposable
{
    public TempWorkspace(string datasetName = "test")
    {
        RootDirectory = Path.Combine(Path.GetTempPath(), "datasetforge-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(RootDirectory);
        Workspace = new DatasetWorkspace(RootDirectory, datasetName);
        Workspace.EnsureCreated();
    }

    /// <summary>The temporary workspace root (parent of the dataset folder).</summary>
    public string RootDirectory { get; }

    /// <summary>The dataset's folders under the root.</summary>
    public DatasetWorkspace Workspace { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open (SQLite WAL on a slow close) must not fail the test; the OS temp cleaner gets it.
        }
    }
}
