using System.Globalization;
using CsvHelper;

namespace DatasetForge.Training.Runs;

/// <summary>
/// Writes <c>epochs.csv</c> one line per epoch, flushed as it goes so a long run can be watched. A resumed run appends
/// after dropping lines of epochs past its checkpoint (they were not checkpointed and are trained again).
/// </summary>
public sealed class EpochLog : IDisposable
{
    private readonly FileStream _stream;
    private readonly CsvWriter _csv;

    /// <param name="path">The CSV file.</param>
    /// <param name="regression">Name the metric columns MAE rather than accuracy.</param>
    /// <param name="resumeAfter">Keep the lines of epochs up to this one and append; 0 starts a new file.</param>
    public EpochLog(string path, bool regression = false, int resumeAfter = 0)
    {
        var metric = regression ? "mae" : "accuracy";
        string[] header = ["epoch", "train_loss", $"train_{metric}", "val_loss", $"val_{metric}", "seconds", "lr", "size"];
        var kept = new List<string>();
        if (resumeAfter > 0 && File.Exists(path))
        {
            kept.AddRange(File.ReadAllLines(path).Skip(1).Where(line =>
                int.TryParse(line.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch) && epoch <= resumeAfter));
        }

        _stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        _csv = CsvWriter.Create(_stream, CsvFormat.Options, leaveOpen: true);
        foreach (var name in header)
        {
            _csv.WriteField(name);
        }

        _csv.EndRecord();
        _csv.Flush();
        using (var writer = new StreamWriter(_stream, leaveOpen: true))
        {
            foreach (var line in kept)
            {
                writer.Write(line + "\n");
            }
        }
    }

    public void Write(EpochRecord epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        _csv.WriteField(epoch.Epoch.ToString(CultureInfo.InvariantCulture));
        _csv.WriteField(Format(epoch.TrainLoss));
        _csv.WriteField(Format(epoch.TrainAccuracy));
        _csv.WriteField(epoch.ValidationLoss is { } loss ? Format(loss) : string.Empty);
        _csv.WriteField(epoch.ValidationAccuracy is { } accuracy ? Format(accuracy) : string.Empty);
        _csv.WriteField(epoch.Seconds.ToString("0.###", CultureInfo.InvariantCulture));
        _csv.WriteField(double.IsNaN(epoch.LearningRate) ? string.Empty : epoch.LearningRate.ToString("0.########", CultureInfo.InvariantCulture));
        _csv.WriteField(epoch.InputSize > 0 ? epoch.InputSize.ToString(CultureInfo.InvariantCulture) : string.Empty);
        _csv.EndRecord();
        _csv.Flush();
    }

    /// <summary>Reads the epochs of an <c>epochs.csv</c>, for plots and resumed runs.</summary>
    public static IReadOnlyList<EpochRecord> Read(string path)
    {
        var records = new List<EpochRecord>();
        foreach (var line in File.ReadAllLines(path).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length < 6 || !int.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
            {
                continue;
            }

            records.Add(new EpochRecord(
                epoch, Parse(f[1]) ?? double.NaN, Parse(f[2]) ?? double.NaN, Parse(f[3]), Parse(f[4]), Parse(f[5]) ?? 0,
                f.Length > 6 ? Parse(f[6]) ?? double.NaN : double.NaN,
                f.Length > 7 && int.TryParse(f[7], NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) ? size : 0));
        }

        return records;
    }

    public void Dispose()
    {
        _csv.Dispose();
        _stream.Dispose();
    }

    private static double? Parse(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
