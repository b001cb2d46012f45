using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsvHelper;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Export.Splitting;

namespace DatasetForge.Export.Writing;

/// <summary>
/// Writes a version folder atomically: everything goes into <c>versions/.tmp-&lt;id&gt;</c>, which is then moved to
/// <c>versions/&lt;id&gt;</c> in one step, so a crash leaves either no version or a whole one. Every file is streamed,
/// so a million items need no more memory than the item list itself.
/// </summary>
internal static class VersionWriter
{
    /// <summary>The JSON-lines layout: one object per item with its facets.</summary>
    public const string JsonLinesFileName = "items.jsonl";

    private const int ProgressEvery = 1000;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly CsvWriterOptions Csv = new() { NewLine = "\n", WriteByteOrderMark = false };

    /// <summary>Writes the version, its crops linked (<paramref name="linkCrops"/>, see <see cref="FileLinks"/>) or copied; returns the sha256 of its manifest.json.</summary>
    public static async Task<string> WriteAsync(
        string versionsDirectory,
        VersionManifest manifest,
        IReadOnlyList<ExportItem> items,
        string datasheet,
        int parallelism,
        bool linkCrops,
        IProgress<StageProgress> progress,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(versionsDirectory);
        var final = Path.Combine(versionsDirectory, manifest.Id);
        var temp = Path.Combine(versionsDirectory, ".tmp-" + manifest.Id);
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        Directory.CreateDirectory(temp);
        try
        {
            foreach (var folder in items.Select(i => Path.GetDirectoryName(i.File)!).Distinct(StringComparer.Ordinal))
            {
                Directory.CreateDirectory(Path.Combine(temp, folder));
            }

            var copied = 0;
            await Parallel.ForAsync(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, (i, _) =>
            {
                FileLinks.LinkOrCopy(items[i].CropFile, Path.Combine(temp, items[i].File), linkCrops);
                var count = Interlocked.Increment(ref copied);
                if (count % ProgressEvery == 0)
                {
                    progress.Report(new StageProgress(PipelineStage.Export, "write", count, items.Count));
                }

                return ValueTask.CompletedTask;
            });

            foreach (var split in SplitTargets.All)
            {
                await WriteCsvAsync(
                    Path.Combine(temp, VersionManifest.SplitName(split) + ".csv"),
                    ["id", "label"],
                    items.Where(i => i.Split == split).Select(i => new[] { i.ItemId, i.Label }),
                    cancellationToken);
            }

            await WriteCsvAsync(
                Path.Combine(temp, "items.csv"),
                ["id", "label", "split", "group", "file", "sha256"],
                items.Select(i => new[]
                {
                    i.ItemId, i.Label, VersionManifest.SplitName(i.Split), i.Group.ToString(CultureInfo.InvariantCulture), i.File, i.CropSha256,
                }),
                cancellationToken);
            if (items.Any(i => i.Fold is not null))
            {
                await WriteCsvAsync(
                    Path.Combine(temp, VersionFolds.FileName),
                    ["id", "fold"],
                    items.Where(i => i.Fold is not null).Select(i => new[] { i.ItemId, i.Fold!.Value.ToString(CultureInfo.InvariantCulture) }),
                    cancellationToken);
            }

            await WriteJsonLinesAsync(Path.Combine(temp, JsonLinesFileName), items, cancellationToken);
            var manifestSha = await WriteManifestAsync(Path.Combine(temp, VersionManifest.FileName), manifest, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(temp, Datasheet.FileName), datasheet, Utf8, cancellationToken);

            if (Directory.Exists(final))
            {
                // A folder the catalogue does not know: left by a crash between the move and the catalogue write.
                Directory.Delete(final, recursive: true);
            }

            Directory.Move(temp, final);
            return manifestSha;
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            throw;
        }
    }

    private static async Task<string> WriteManifestAsync(string path, VersionManifest manifest, CancellationToken cancellationToken)
    {
        // The serializer flushes as it goes, and the hash is taken while the bytes pass, so the manifest never sits in
        // memory as one buffer.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        await using (var hashing = new HashingStream(file, hash))
        {
            await JsonSerializer.SerializeAsync(hashing, manifest, VersionManifest.SerializerOptions, cancellationToken);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task WriteJsonLinesAsync(string path, IReadOnlyList<ExportItem> items, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        await using var json = new Utf8JsonWriter(buffer);
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            json.WriteStartObject();
            json.WriteString("id", item.ItemId);
            json.WriteString("label", item.Label);
            json.WriteString("split", VersionManifest.SplitName(item.Split));
            json.WriteNumber("group", item.Group);
            if (item.Fold is { } fold)
            {
                json.WriteNumber("fold", fold);
            }

            json.WriteString("file", item.File);
            json.WriteString("sha256", item.CropSha256);
            json.WriteStartObject("facets");
            foreach (var (name, value) in item.Facets)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
            buffer.Write("\n"u8);
            json.Reset();
            if (buffer.WrittenCount > 1 << 15)
            {
                await file.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }

        await file.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    private static async Task WriteCsvAsync(
        string path, string[] header, IEnumerable<string[]> rows, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using var csv = CsvWriter.Create(stream, Csv);
        await csv.WriteRecordAsync(header, cancellationToken);
        foreach (var row in rows)
        {
            await csv.WriteRecordAsync(row, cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }
}
