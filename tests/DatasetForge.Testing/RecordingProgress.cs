namespace DatasetForge.Testing;

/// <summary>An <see cref="IProgress{T}"/> that keeps every report, synchronously (unlike <see cref="Progress{T}"/>).</summary>
public sealed class RecordingProgress<T> : IProgress<T>
{
    private readonly List<T> _reports = [];

    public IReadOnlyList<T> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(T value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
