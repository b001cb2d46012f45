using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using DatasetForge.Core.Definitions;
using OpenCvSharp;

namespace DatasetForge.Sources.Reading;

/// <summary>
/// IDX files (MNIST, Fashion-MNIST; gzipped or raw): an unsigned-byte image file (magic 0x00000803) and, for a labelled
/// set, its label file (0x00000801). Each image becomes a PNG keyed <c>&lt;image file&gt;#&lt;index&gt;</c>.
/// </summary>
internal sealed class IdxSourceReader : ISourceReader
{
    private const int ImageMagic = 0x00000803;
    private const int LabelMagic = 0x00000801;

    public async IAsyncEnumerable<ImportItem> ReadAsync(
        SourceManifest source, DatasetDefinition dataset, Action<string> warn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = source.Import!;
        var imagesPath = SourcePaths.Require(settings.Images, "images");
        var imagesName = SourcePaths.Display(source, imagesPath);
        if (!File.Exists(imagesPath))
        {
            throw new ImportSourceException($"the IDX image file {imagesName} does not exist");
        }

        byte[]? labels = null;
        if (!source.Unlabelled && settings.Labels is { } labelsPath)
        {
            labels = await ReadLabelsAsync(source, labelsPath, cancellationToken);
        }

        await using var images = OpenMaybeGzip(imagesPath);
        var header = new byte[16];
        if (await ReadFullyAsync(images, header, cancellationToken) < header.Length || BinaryPrimitives.ReadInt32BigEndian(header) != ImageMagic)
        {
            throw new ImportSourceException($"{imagesName} is not an IDX image file of unsigned bytes (magic 0x00000803 and 3 dimensions expected)");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        var rows = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8));
        var columns = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(12));
        if (count < 0 || rows is <= 0 or > 65_536 || columns is <= 0 or > 65_536)
        {
            throw new ImportSourceException($"{imagesName}: implausible header ({count} images of {rows}x{columns})");
        }

        if (labels is not null && labels.Length != count)
        {
            throw new ImportSourceException($"{imagesName} holds {count} images but {SourcePaths.Display(source, settings.Labels!)} holds {labels.Length} labels");
        }

        var name = Path.GetFileName(imagesPath);
        var url = new Uri(imagesPath).AbsoluteUri;
        var digits = Math.Max(1, (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        for (var index = 0; index < count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pixels = new byte[rows * columns];
            var read = await ReadFullyAsync(images, pixels, cancellationToken);
            var id = index.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
            var key = $"{name}#{id}";
            var location = $"{imagesName} image {index}";
            if (read < pixels.Length)
            {
                // A cut-short file: the images before are fine; report the first missing one and stop.
                yield return ImportItem.Failed(key, location, url, $"{imagesName} ends inside image {index} of {count} (truncated file)");
                yield break;
            }

            var facets = new Dictionary<string, string>(StringComparer.Ordinal) { ["index"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (labels is not null)
            {
                facets[dataset.Label] = labels[index].ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            yield return new ImportItem(key, location, $"{url}#{index}", facets) { Load = _ => Task.FromResult(EncodePng(pixels, rows, columns)) };
        }
    }

    private static async Task<byte[]> ReadLabelsAsync(SourceManifest source, string path, CancellationToken cancellationToken)
    {
        var display = SourcePaths.Display(source, path);
        if (!File.Exists(path))
        {
            throw new ImportSourceException($"the IDX label file {display} does not exist");
        }

        await using var stream = OpenMaybeGzip(path);
        var header = new byte[8];
        if (await ReadFullyAsync(stream, header, cancellationToken) < header.Length || BinaryPrimitives.ReadInt32BigEndian(header) != LabelMagic)
        {
            throw new ImportSourceException($"{display} is not an IDX label file (magic 0x00000801 expected)");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        if (count is < 0 or > 100_000_000)
        {
            throw new ImportSourceException($"{display}: implausible label count {count}");
        }

        var labels = new byte[count];
        if (await ReadFullyAsync(stream, labels, cancellationToken) < count)
        {
            throw new ImportSourceException($"{display} is truncated: fewer than the {count} labels its header announces");
        }

        return labels;
    }

    private static Stream OpenMaybeGzip(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static async Task<int> ReadFullyAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static byte[] EncodePng(byte[] pixels, int rows, int columns)
    {
        using var image = Mat.FromPixelData(rows, columns, MatType.CV_8UC1, pixels);
        return image.ImEncode(".png");
    }
}
