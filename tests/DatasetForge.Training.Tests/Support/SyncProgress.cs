namespace DatasetForge.Training.Tests.Support;

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread, so tests see reports in order.</summary>
public sealed class SyncProgress<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}
