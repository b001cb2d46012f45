using System.Globalization;
using CsvHelper;

namespace DatasetForge.Training.Runs;

/// <summary>Writes <c>epochs.csv</c> one line per epoch, flushed as it goes so a long run can be watched.</summary>
public sealed class EpochLog : IDisposable
{
    private readonly FileStream _stream;
    private readonly CsvWriter _csv;

    public EpochLog(string path)
    {
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        _csv = CsvWriter.Create(_stream, CsvFormat.Options, leaveOpen: true);
        foreach (var name in new[] { "epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "seconds" })
        {
            _csv.WriteField(name);
        }

        _csv.EndRecord();
        _csv.Flush();
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
        _csv.EndRecord();
        _csv.Flush();
    }

    public void Dispose()
    {
        _csv.Dispose();
        _stream.Dispose();
    }

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
