using System.Globalization;
using DatasetForge.Core.Definitions;

namespace DatasetForge.Sources.Reading;

/// <summary>
/// A video's sidecar CSV of labels per frame crop (<c>labels:</c> in a video manifest), header <c>time,crop,label</c>:
/// the left and right halves of one frame may show different characters.
/// <list type="bullet">
/// <item><c>time</c>: seconds (<c>12.5</c>), <c>mm:ss(.fff)</c> or <c>hh:mm:ss(.fff)</c>, or a range <c>start-end</c>.
/// A single time labels the sampled frame nearest to it, which is always within half the sampling interval of it (a
/// time exactly halfway goes to the later frame); the stamp in a frame's key (<c>file@hh:mm:ss.fff</c>) always matches
/// its own frame. A range labels every sampled frame whose time (to the millisecond) lies in it, both ends included.</item>
/// <item><c>crop</c>: <c>full</c>, <c>left</c> or <c>right</c>, one of the manifest's <c>crops:</c>; empty (or no crop
/// column) for every crop taken of the frame.</item>
/// <item><c>label</c>: the label, read like any other (through <c>values:</c>).</item>
/// </list>
/// A crop no row names gets the manifest's <c>label:</c>, or none (curation then rejects it as <c>no-label</c>). Rows
/// that give one crop different labels make that crop a rejected item naming both lines; a malformed row fails the
/// source before any frame is read, naming the file and line; a row that matches no sampled frame (past the end) is
/// reported after the video is read.
/// </summary>
internal sealed class VideoLabels
{
    private readonly string _display;
    private readonly Dictionary<int, List<Row>> _byFrame = [];
    private readonly List<Row> _ranges = [];
    private readonly HashSet<int> _matched = [];
    private readonly List<Row> _rows = [];

    private VideoLabels(string display) => _display = display;

    /// <summary>
    /// Reads <paramref name="path"/> for a video sampled every <paramref name="step"/> frames at <paramref name="fps"/>;
    /// throws <see cref="ImportSourceException"/> naming the file and line for the first bad row.
    /// </summary>
    public static async Task<VideoLabels> LoadAsync(
        string path, string display, IReadOnlyList<VideoCrop> crops, double fps, int step, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new ImportSourceException($"the labels file {display} does not exist");
        }

        var labels = new VideoLabels(display);
        using var text = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var csv = new CsvRowReader(text);
        var headerRow = await csv.ReadAsync(detectSeparator: true, cancellationToken);
        if (headerRow is null || headerRow.IsBlank)
        {
            throw new ImportSourceException($"{display} has no header row (time,crop,label)");
        }

        var columns = headerRow.Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        var timeIndex = columns.IndexOf("time");
        var cropIndex = columns.IndexOf("crop");
        var labelIndex = columns.IndexOf("label");
        if (timeIndex < 0 || labelIndex < 0)
        {
            throw new ImportSourceException($"{display}:{headerRow.Line}: the header must name the columns time and label (and crop); it is {string.Join(",", headerRow.Fields)}");
        }

        var interval = step / fps;
        while (await csv.ReadAsync(detectSeparator: false, cancellationToken) is { } record)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record.IsBlank)
            {
                continue;
            }

            var where = $"{display}:{record.Line}";
            if (record.Problem is { } malformed)
            {
                throw new ImportSourceException($"{where}: malformed CSV: {malformed}");
            }

            if (record.Fields.Count != columns.Count)
            {
                throw new ImportSourceException($"{where}: {record.Fields.Count} field(s), the header has {columns.Count}");
            }

            var timeText = record.Fields[timeIndex];
            var label = record.Fields[labelIndex];
            if (label.Length == 0)
            {
                throw new ImportSourceException($"{where}: the label is empty");
            }

            VideoCrop? crop = null;
            var cropText = cropIndex < 0 ? string.Empty : record.Fields[cropIndex];
            if (cropText.Length > 0)
            {
                if (!Enum.TryParse<VideoCrop>(cropText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(cropText, out _))
                {
                    throw new ImportSourceException($"{where}: crop '{cropText}' must be full, left or right (or empty for every crop)");
                }

                if (!crops.Contains(parsed))
                {
                    throw new ImportSourceException($"{where}: crop '{cropText}' is not taken of this video (the manifest's crops: {string.Join(", ", crops.Select(c => c.ToString().ToLowerInvariant()))})");
                }

                crop = parsed;
            }

            var row = ParseTime(timeText, where) switch
            {
                (var start, null) => new Row(record.Line, timeText, start, start, Range: false, crop, label),
                (var start, { } end) => new Row(record.Line, timeText, start, end, Range: true, crop, label),
            };
            labels._rows.Add(row);
            if (row.Range)
            {
                labels._ranges.Add(row);
            }
            else
            {
                // The nearest sampled frame: the sample number closest to time / interval, halfway going up.
                var sample = (long)Math.Floor((row.Start / interval) + 0.5);
                var frame = (int)Math.Min(int.MaxValue, sample * step);
                if (!labels._byFrame.TryGetValue(frame, out var list))
                {
                    labels._byFrame[frame] = list = [];
                }

                list.Add(row);
            }
        }

        return labels;
    }

    /// <summary>
    /// The label the rows give <paramref name="crop"/> of the sampled frame <paramref name="frame"/> at
    /// <paramref name="seconds"/>: null with no problem when no row names it; a problem naming the lines when rows disagree.
    /// </summary>
    public (string? Label, string? Problem) For(int frame, double seconds, VideoCrop crop)
    {
        var milliseconds = Math.Round(seconds, 3);
        var matches = new List<Row>();
        if (_byFrame.TryGetValue(frame, out var singles))
        {
            matches.AddRange(singles.Where(r => r.Crop is null || r.Crop == crop));
        }

        matches.AddRange(_ranges.Where(r => (r.Crop is null || r.Crop == crop) && milliseconds >= r.Start && milliseconds <= r.End));
        foreach (var row in matches)
        {
            _matched.Add(row.Line);
        }

        var labels = matches.Select(r => r.Label).Distinct(StringComparer.Ordinal).ToList();
        return labels.Count switch
        {
            0 => (null, null),
            1 => (labels[0], null),
            _ => (null, $"{_display} gives this crop different labels: {string.Join("; ", matches.Select(r => $"line {r.Line} ({r.Time}) '{r.Label}'"))}"),
        };
    }

    /// <summary>The rows that labelled no sampled frame (times past the video's end), each naming the file and line.</summary>
    public IEnumerable<string> Unmatched(double lastSeconds) =>
        _rows.Where(r => !_matched.Contains(r.Line)).Select(r =>
            $"{_display}:{r.Line}: '{r.Time}' matches no sampled frame (the last sampled frame is at {Stamp(lastSeconds)}); the row is ignored");

    /// <summary>A frame's time as in its key: hh:mm:ss.fff.</summary>
    public static string Stamp(double seconds) =>
        TimeSpan.FromSeconds(Math.Round(Math.Max(0, seconds), 3)).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);

    /// <summary>A time or a range <c>start-end</c>, in seconds rounded to the millisecond.</summary>
    private static (double Start, double? End) ParseTime(string text, string where)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return (Seconds(text, where), null);
        }

        var start = Seconds(text[..dash], where);
        var end = Seconds(text[(dash + 1)..], where);
        if (end < start)
        {
            throw new ImportSourceException($"{where}: the range '{text}' ends before it starts");
        }

        return (start, end);
    }

    private static double Seconds(string text, string where)
    {
        var parts = text.Trim().Split(':');
        var valid = parts.Length <= 3 && parts.All(p => p.Length > 0);
        double seconds = 0;
        for (var i = 0; valid && i < parts.Length; i++)
        {
            double value;
            if (i == parts.Length - 1)
            {
                // The seconds may have a fraction; after a colon they are under 60.
                valid = double.TryParse(parts[i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && (parts.Length == 1 || value < 60);
            }
            else
            {
                // Hours and minutes are whole; minutes after hours are under 60.
                valid = int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var whole) && (i == 0 || whole < 60);
                value = whole;
            }

            seconds = (seconds * 60) + value;
        }

        if (!valid || !double.IsFinite(seconds))
        {
            throw new ImportSourceException($"{where}: '{text}' is not a time: write seconds (12.5), mm:ss or hh:mm:ss(.fff), or a range start-end");
        }

        return Math.Round(seconds, 3);
    }

    private sealed record Row(int Line, string Time, double Start, double End, bool Range, VideoCrop? Crop, string Label);
}
