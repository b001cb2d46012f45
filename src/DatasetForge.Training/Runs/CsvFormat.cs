using CsvHelper;

namespace DatasetForge.Training.Runs;

/// <summary>The CSV dialect of run files: comma, LF line ends, no byte order mark (as the export's CSV files).</summary>
internal static class CsvFormat
{
    public static CsvWriterOptions Options { get; } = new() { NewLine = "\n", WriteByteOrderMark = false };
}
