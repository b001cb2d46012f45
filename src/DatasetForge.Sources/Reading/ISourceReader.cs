using DatasetForge.Core.Definitions;

namespace DatasetForge.Sources.Reading;

/// <summary>
/// Lists the items of one kind of source, in a stable order. Throws <see cref="ImportSourceException"/> when the source cannot
/// be read at all; tells its <c>warn</c> callback about what it read in a way the user should know of (a file's encoding guessed).
/// </summary>
internal interface ISourceReader
{
    IAsyncEnumerable<ImportItem> ReadAsync(SourceManifest source, DatasetDefinition dataset, Action<string> warn, CancellationToken cancellationToken);
}
