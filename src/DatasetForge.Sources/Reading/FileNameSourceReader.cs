using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using DatasetForge.Core.Definitions;

namespace DatasetForge.Sources.Reading;

/// <summary>
/// Images whose file names hold the labels (UTKFace <c>age_gender_race_date.jpg</c>): the manifest's pattern is matched
/// against each file name, and every named group becomes a facet. A name off the pattern is a failed item.
/// </summary>
internal sealed class FileNameSourceReader : ISourceReader
{
    public async IAsyncEnumerable<ImportItem> ReadAsync(
        SourceManifest source, DatasetDefinition dataset, Action<string> warn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = source.Import!;
        var root = SourcePaths.Require(settings.Path, "path");
        if (!Directory.Exists(root))
        {
            throw new ImportSourceException($"the folder {SourcePaths.Display(source, root)} does not exist");
        }

        var pattern = new Regex(SourcePaths.Require(settings.Pattern, "pattern"), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var groups = pattern.GetGroupNames().Where(g => !int.TryParse(g, out _)).ToList();
        await Task.CompletedTask;
        foreach (var file in SourcePaths.ImageFiles(root, settings.Extensions, SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = SourcePaths.Key(root, file);
            var location = SourcePaths.Display(source, file);
            var match = pattern.Match(Path.GetFileName(file));
            if (!match.Success)
            {
                yield return ImportItem.Failed(key, location, new Uri(file).AbsoluteUri, $"{location}: the file name does not match the pattern {settings.Pattern}");
                continue;
            }

            var facets = groups.Where(g => match.Groups[g].Success).ToDictionary(g => g, g => match.Groups[g].Value, StringComparer.Ordinal);
            yield return ImportItem.FromFile(key, location, file, facets);
        }
    }
}
