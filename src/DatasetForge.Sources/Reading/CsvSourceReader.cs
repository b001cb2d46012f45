using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using DatasetForge.Core.Definitions;

namespace DatasetForge.Sources.Reading;

/// <summary>
/// A CSV (<c>id,label</c>, further columns as facets) beside a folder of images named by id: the gender project's
/// <c>train.csv</c> + <c>train/</c>. A malformed row becomes a failed item naming the file and line; the rest go on.
/// </summary>
internal sealed class CsvSourceReader : ISourceReader
{
    public async IAsyncEnumerable<ImportItem> ReadAsync(
        SourceManifest source, DatasetDefinition dataset, Action<string> warn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = source.Import!;
        var csvPath = SourcePaths.Require(settings.Csv, "csv");
        var images = SourcePaths.Require(settings.Images, "images");
        var csvName = SourcePaths.Display(source, csvPath);
        if (!File.Exists(csvPath))
        {
            throw new ImportSourceException($"the CSV file {csvName} does not exist");
        }

        if (!Directory.Exists(images))
        {
            throw new ImportSourceException($"the image folder {SourcePaths.Display(source, images)} does not exist");
        }

        var imagesRoot = Path.GetFullPath(images) + Path.DirectorySeparatorChar;
        using var text = await OpenTextAsync(csvPath, csvName, warn, cancellationToken);
        var csv = new CsvRowReader(text);
        var headerRow = await csv.ReadAsync(detectSeparator: true, cancellationToken);
        if (headerRow is null || headerRow.IsBlank)
        {
            throw new ImportSourceException($"{csvName} has no header row");
        }

        var header = headerRow.Fields;
        var columns = header.Select(h => h.Trim()).ToArray();
        var idIndex = Array.IndexOf(columns, settings.IdColumn);
        if (idIndex < 0)
        {
            throw new ImportSourceException($"{csvName}:1: no column '{settings.IdColumn}' (the id); the header is {string.Join(",", columns)}");
        }

        var labelIndex = source.Unlabelled ? -1 : Array.IndexOf(columns, settings.LabelColumn);
        if (!source.Unlabelled && source.Label is null && labelIndex < 0)
        {
            throw new ImportSourceException($"{csvName}:1: no column '{settings.LabelColumn}' (the label); the header is {string.Join(",", columns)}; set labelColumn, or unlabelled: true for a test set");
        }

        var facetColumns = settings.FacetColumns ?? [.. columns.Where((c, i) => i != idIndex && i != labelIndex)];
        foreach (var missing in facetColumns.Where(c => !columns.Contains(c, StringComparer.Ordinal)))
        {
            throw new ImportSourceException($"{csvName}:1: no facet column '{missing}'; the header is {string.Join(",", columns)}");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await csv.ReadAsync(detectSeparator: false, cancellationToken) is { } record)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = record.Line;
            var location = $"{csvName}:{line}";
            var row = record.Fields;
            if (record.IsBlank)
            {
                continue;
            }

            var id = idIndex < row.Count ? row[idIndex].Trim() : string.Empty;
            var key = id.Length > 0 ? id : $"{Path.GetFileName(csvPath)}:line {line}";
            if (record.Problem is { } malformed)
            {
                yield return ImportItem.Failed(key, location, new Uri(csvPath).AbsoluteUri, $"{location}: malformed CSV: {malformed}");
                continue;
            }

            if (row.Count != columns.Length)
            {
                yield return ImportItem.Failed(key, location, new Uri(csvPath).AbsoluteUri, $"{location}: {row.Count} field(s), the header has {columns.Length}");
                continue;
            }

            if (id.Length == 0)
            {
                yield return ImportItem.Failed(key, location, new Uri(csvPath).AbsoluteUri, $"{location}: the '{settings.IdColumn}' column is empty");
                continue;
            }

            if (seen.TryGetValue(id, out var firstLine))
            {
                yield return ImportItem.Failed($"{id} (line {line})", location, new Uri(csvPath).AbsoluteUri, $"{location}: id '{id}' is already used on line {firstLine}");
                continue;
            }

            seen[id] = line;
            var values = columns.Select((c, i) => (c, row[i].Trim())).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal);
            var fileName = FileNameFor(settings, id, values);
            var path = Path.GetFullPath(Path.Combine(images, fileName));
            if (!path.StartsWith(imagesRoot, StringComparison.Ordinal))
            {
                yield return ImportItem.Failed(id, location, new Uri(csvPath).AbsoluteUri, $"{location}: the image name '{fileName}' leads outside {SourcePaths.Display(source, images)}");
                continue;
            }

            if (!File.Exists(path))
            {
                yield return ImportItem.Failed(id, location, new Uri(path).AbsoluteUri, $"{location}: the image {SourcePaths.Display(source, path)} does not exist");
                continue;
            }

            var facets = facetColumns.ToDictionary(c => c, c => values[c], StringComparer.Ordinal);
            if (labelIndex >= 0)
            {
                facets[dataset.Label] = values[columns[labelIndex]];
            }

            yield return ImportItem.FromFile(id, $"{location} ({SourcePaths.Display(source, path)})", path, facets);
        }
    }

    /// <summary>
    /// The CSV's text: UTF-8 (or what its byte-order mark says); a file that is not valid UTF-8 is read as Windows-1252
    /// (Latin-1 plus the typographic characters), with a warning naming the file and the first line that is not UTF-8, rather
    /// than turning "Müll" into "M\uFFFDll".
    /// </summary>
    private static async Task<StreamReader> OpenTextAsync(string csvPath, string csvName, Action<string> warn, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(csvPath, cancellationToken);
        var hasBom = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])
            || bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        if (hasBom || Utf8.IsValid(bytes))
        {
            return new StreamReader(new MemoryStream(bytes, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }

        var valid = FirstInvalidUtf8(bytes);
        var line = 1 + bytes.AsSpan(0, valid).Count((byte)'\n');
        warn($"{csvName}:{line}: the file is not valid UTF-8; it was read as Windows-1252 (Latin-1). Save it as UTF-8 to silence this warning");
        return new StreamReader(new MemoryStream(bytes, writable: false), Windows1252, detectEncodingFromByteOrderMarks: false);
    }

    private static Encoding Windows1252 => CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    private static int FirstInvalidUtf8(byte[] bytes)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        // Where the first line that is not UTF-8 starts (lines are split at 0x0A, which no UTF-8 sequence contains).
        var start = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            end = end < 0 ? bytes.Length : end + 1;
            try
            {
                decoder.GetCharCount(bytes, start, end - start);
            }
            catch (DecoderFallbackException)
            {
                return start;
            }

            start = end;
        }

        return bytes.Length;
    }

    private static string FileNameFor(ImportSettings settings, string id, IReadOnlyDictionary<string, string> values)
    {
        var template = settings.FileName
            ?? (ImportSettings.DefaultExtensions.Any(e => id.EndsWith(e, StringComparison.OrdinalIgnoreCase)) ? "{id}" : ImportSettings.DefaultFileName);
        var name = template.Replace("{id}", id, StringComparison.Ordinal);
        foreach (var (column, value) in values)
        {
            name = name.Replace("{" + column + "}", value, StringComparison.Ordinal);
        }

        return name;
    }
}
