using System.Globalization;
using CsvHelper;
using DatasetForge.Training.Runs;

namespace DatasetForge.Training.Prediction;

/// <summary>
/// Writes predictions as <c>id,label</c> (header line, comma, LF), the layout of the gender project's
/// <c>sampleSubmit.csv</c>. A photo that could not be classified keeps its row with an empty label, so the file
/// still lists every photo that was asked about.
/// </summary>
public static class PredictionCsv
{
    /// <summary>Writes <paramref name="rows"/> (id, label or null) to <paramref name="path"/> atomically, in order.</summary>
    public static Task WriteAsync(string path, IEnumerable<(string Id, string? Label)> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return WriteAsync(path, rows.Select(r => (r.Id, r.Label, (double?)null)), withConfidence: false, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="rows"/> as <c>id,label</c>, or <c>id,label,confidence</c> when
    /// <paramref name="withConfidence"/> (the confidence empty when there is none), atomically, in order.
    /// </summary>
    public static async Task WriteAsync(
        string path, IEnumerable<(string Id, string? Label, double? Confidence)> rows, bool withConfidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rows);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".partial";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        await using (var csv = CsvWriter.Create(stream, CsvFormat.Options))
        {
            await csv.WriteRecordAsync(withConfidence ? ["id", "label", "confidence"] : ["id", "label"], cancellationToken);
            foreach (var (id, label, confidence) in rows)
            {
                await csv.WriteRecordAsync(
                    withConfidence
                        ? [id, label ?? string.Empty, confidence is { } c && !double.IsNaN(c) ? c.ToString("0.####", CultureInfo.InvariantCulture) : string.Empty]
                        : [id, label ?? string.Empty],
                    cancellationToken);
            }

            await csv.FlushAsync(cancellationToken);
        }

        File.Move(temporary, full, overwrite: true);
    }
}
