using System.Runtime.CompilerServices;
using DatasetForge.Core.Definitions;

namespace DatasetForge.Sources.Reading;

/// <summary>A folder per class (<c>root/&lt;label&gt;/…/*.jpg</c>, the Keras/torchvision layout): the first folder under the root is the label.</summary>
internal sealed class FolderSourceReader : ISourceReader
{
    public async IAsyncEnumerable<ImportItem> ReadAsync(
        SourceManifest source, DatasetDefinition dataset, Action<string> warn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var root = SourcePaths.Require(source.Import!.Path, "path");
        if (!Directory.Exists(root))
        {
            throw new ImportSourceException($"the folder {SourcePaths.Display(source, root)} does not exist");
        }

        await Task.CompletedTask;
        foreach (var file in SourcePaths.ImageFiles(root, source.Import.Extensions, SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = SourcePaths.Key(root, file);
            var location = SourcePaths.Display(source, file);
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 && source.Label is null && !source.Unlabelled)
            {
                yield return ImportItem.Failed(key, location, new Uri(file).AbsoluteUri, $"{location} is not inside a class folder (root/<label>/file)");
                continue;
            }

            var facets = new Dictionary<string, string>(StringComparer.Ordinal);
            if (slash > 0)
            {
                facets[dataset.Label] = key[..slash];
            }

            yield return ImportItem.FromFile(key, location, file, facets);
        }
    }
}
