using System.Globalization;
using DatasetForge.Reporting.Model;
using DatasetForge.Training.Evaluation;

namespace DatasetForge.Cli.Commands;

/// <summary>
/// The demo's closing lines: in two sentences, what the audit found (a source whose photos look unlike the others) and
/// what the model's test result is worth (chance level said as such).
/// </summary>
public static class DemoVerdict
{
    /// <summary>Two sentences from the report; the second is left out when no run was evaluated.</summary>
    public static IReadOnlyList<string> Lines(DatasetReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string> { Audit(report) };
        if (report.Training?.Metrics is { Count: > 0 } metrics)
        {
            lines.Add(Result(metrics.Accuracy, metrics.Count, metrics.Classes.Count));
        }

        return lines;
    }

    private static string Audit(DatasetReport report)
    {
        var sources = report.Flags
            .Where(f => f.Kind == FlagKinds.ImageDifference && f.Facet == "source")
            .GroupBy(f => f.Subject, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ToList();
        if (sources.Count == 0)
        {
            return report.Flags.Count == 0
                ? "The audit found nothing to flag."
                : $"The audit raised {report.Flags.Count} flag(s) ({string.Join(", ", report.Flags.Select(f => f.Kind).Distinct(StringComparer.Ordinal))}); the report lists them.";
        }

        var top = sources[0].Key;
        var stats = report.Images?.BySource;
        var own = stats?.FirstOrDefault(s => s.Key == top);
        var look = own is null || stats is null
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" (brightness {own.Brightness:0} against a median of {Median(stats.Select(s => s.Brightness)):0}")
              + (own.JpegQuality is { } q ? string.Create(CultureInfo.InvariantCulture, $", JPEG quality {q:0} against {Median(stats.Where(s => s.JpegQuality is not null).Select(s => s.JpegQuality!.Value)):0}") : string.Empty)
              + ")";
        var others = sources.Count > 1 ? $", and {sources.Count - 1} other source(s) differ less" : string.Empty;
        return $"The audit found that the photos of '{top}' look unlike the rest{look}{others}: a model can learn that look instead of the face, so read its per-source results in the evaluation.";
    }

    private static string Result(double accuracy, int count, int classes)
    {
        var chance = classes > 0 ? 1.0 / classes : 0;
        var text = string.Create(CultureInfo.InvariantCulture, $"The model scored {accuracy:0.0%} on {count} test items, where guessing among {classes} classes scores {chance:0.0%}");
        return MetricsCalculator.NearChance(accuracy, count, classes)
            ? text + ": that is chance level, as it should be if a face says nothing about a field."
            : text + ": above chance, so check whether it learned the flagged look rather than the faces.";
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
