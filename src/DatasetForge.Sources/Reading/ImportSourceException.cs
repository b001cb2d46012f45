namespace DatasetForge.Sources.Reading;

/// <summary>
/// A source as a whole cannot be read (its CSV or folder is missing, a video does not open, IDX files disagree): the
/// run records the problem and goes on with the next source, marking nothing of this one as vanished.
/// </summary>
public sealed class ImportSourceException : Exception
{
    public ImportSourceException()
    {
    }

    public ImportSourceException(string message)
        : base(message)
    {
    }

    public ImportSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
