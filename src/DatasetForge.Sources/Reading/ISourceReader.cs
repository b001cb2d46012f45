using DatasetForge.Core.Definitions;

namespace DatasetForge.Sources.Reading;

/// <summary>Lists the items of one kind of source, in a stable order. Throws <see cref="ImportSourceException"/> when the source cannot be read at all.</summary>
internal interface ISourceReader
{
    IAsyncEnumerable<ImportItem> ReadAsync(SourceManifest source, DatasetDefinition dataset, CancellationToken cancellationToken);
}
