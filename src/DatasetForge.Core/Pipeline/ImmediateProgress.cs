namespace DatasetForge.Core.Pipeline;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the calling thread, in order. <see cref="Progress{T}"/> posts each
/// report to the thread pool instead, so its reports can arrive after the work (and the reports of a later step) they
/// describe: a stage's "decode" reports landing after its epochs would keep rewinding the bar to "decode".
/// </summary>
public sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Action<T> _report = report ?? throw new ArgumentNullException(nameof(report));

    public void Report(T value) => _report(value);
}
