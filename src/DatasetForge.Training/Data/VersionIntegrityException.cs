namespace DatasetForge.Training.Data;

/// <summary>A dataset version on disk does not match what the catalogue recorded: a file is missing or altered.</summary>
public sealed class VersionIntegrityException : Exception
{
    public VersionIntegrityException()
    {
    }

    public VersionIntegrityException(string message)
        : base(message)
    {
    }

    public VersionIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public VersionIntegrityException(string message, string filePath)
        : base(message) => FilePath = filePath;

    /// <summary>The file at fault, when one is.</summary>
    public string? FilePath { get; }
}
