using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;
using DatasetForge.Export.Splitting;

namespace DatasetForge.Export.Writing;

/// <summary>
/// Writes a version folder atomically: everything goes into <c>versions/.tmp-&lt;id&gt;</c>, which is then moved to
/// <c>versions/&lt;id&gt;</c> in one step, so a crash leaves either no version or a whole one.
/// </summary>
internal static class VersionWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly CsvWriterOptions Csv = new() { NewLine = "\n", WriteByteOrderMark = false };

    /// <summary>Writes the version; returns the sha256 of its manifest.json.</summary>
    public static async Task<string> WriteAsync(
        string versionsDirectory,
        VersionManifest manifest,
        IReadOnlyList<ExportItem> items,
        string datasheet,
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
            foreach (var item in items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var target = Path.Combine(temp, item.File);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(item.CropFile, target);
            }

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

            var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, VersionManifest.SerializerOptions);
            await File.WriteAllBytesAsync(Path.Combine(temp, VersionManifest.FileName), manifestBytes, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(temp, Datasheet.FileName), datasheet, Utf8, cancellationToken);

            if (Directory.Exists(final))
            {
                // A folder the catalogue does not know: left by a crash between the move and the catalogue write.
                Directory.Delete(final, recursive: true);
            }

            Directory.Move(temp, final);
            return ContentHash.Of(manifestBytes);
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

    private static async Task WriteCsvAsync(
        string path, string[] header, IEnumerable<string[]> rows, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        await using var csv = CsvWriter.Create(stream, Csv);
        await csv.WriteRecordAsync(header, cancellationToken);
        foreach (var row in rows)
        {
            await csv.WriteRecordAsync(row, cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }
}
