using System.Globalization;
using DatasetForge.Reporting.Model;
using DatasetForge.Reporting.Statistics;

namespace DatasetForge.Reporting.Images;

/// <summary>Summarises measured images per label and per source, and flags the differences a model could learn.</summary>
internal static class ImageStatisticsBuilder
{
    private static readonly (string Name, string Unit, Func<ImageMeasure, double?> Value)[] Metrics =
    [
        ("brightness", "mean luminance", m => m.Brightness),
        ("contrast", "luminance spread", m => m.Contrast),
        ("resolution", "megapixels of the original", m => m.Width * (double)m.Height / 1e6),
        ("JPEG quality", "estimated quality", m => m.JpegQuality),
        ("background", "border luminance", m => m.BackgroundLuminance),
    ];

    public static (ImageStatistics Statistics, List<AuditFlag> Flags) Build(
        IReadOnlyList<(string Label, string Source, ImageMeasure Measure)> measured, ReportOptions options)
    {
        var byLabel = Groups("label", measured.Select(m => (m.Label, m.Measure)));
        var bySource = Groups("source", measured.Select(m => (m.Source, m.Measure)));
        var flags = new List<AuditFlag>();
        flags.AddRange(Differences("label", measured.Select(m => (m.Label, m.Measure)).ToList(), options));
        flags.AddRange(Differences("source", measured.Select(m => (m.Source, m.Measure)).ToList(), options));
        return (new ImageStatistics(measured.Count, options.ImageSamplesPerCell, byLabel, bySource), flags);
    }

    private static List<ImageGroupStatistics> Groups(string facet, IEnumerable<(string Key, ImageMeasure Measure)> items) =>
        [.. items.GroupBy(i => i.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var list = g.Select(i => i.Measure).ToList();
                var m = Metrics.Select(metric => Of(list, metric.Value)).ToArray();
                var r = list.Average(x => x.BackgroundR);
                var gr = list.Average(x => x.BackgroundG);
                var b = list.Average(x => x.BackgroundB);
                return new ImageGroupStatistics(
                    facet,
                    g.Key,
                    list.Count,
                    m[0].Mean,
                    m[0].StandardDeviation,
                    m[1].Mean,
                    m[1].StandardDeviation,
                    m[2].Mean,
                    m[2].StandardDeviation,
                    m[3].Count == 0 ? null : m[3].Mean,
                    m[3].Count == 0 ? null : m[3].StandardDeviation,
                    list.Count(x => x.IsGreyscale) / (double)list.Count,
                    string.Create(CultureInfo.InvariantCulture, $"#{(int)Math.Round(r):x2}{(int)Math.Round(gr):x2}{(int)Math.Round(b):x2}"),
                    m[4].Mean,
                    m[4].StandardDeviation);
            })];

    /// <summary>
    /// Compares each group with the median of the group means, in units of the pooled within-group standard deviation.
    /// Against the median rather than "the rest", one odd group does not make every other group look odd too.
    /// </summary>
    private static IEnumerable<AuditFlag> Differences(string facet, List<(string Key, ImageMeasure Measure)> items, ReportOptions options)
    {
        var groups = items.GroupBy(i => i.Key, StringComparer.Ordinal)
            .Where(g => g.Count() >= options.MinGroupSize)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Measures: g.Select(i => i.Measure).ToList()))
            .ToList();
        if (groups.Count < 2)
        {
            yield break;
        }

        foreach (var (name, unit, value) in Metrics)
        {
            var moments = groups.Select(g => (g.Key, Moments: Of(g.Measures, value))).Where(g => g.Moments.Count >= 2).ToList();
            if (moments.Count < 2)
            {
                continue;
            }

            var median = Median([.. moments.Select(m => m.Moments.Mean)]);
            var pooled = Math.Sqrt(moments.Sum(m => (m.Moments.Count - 1) * m.Moments.StandardDeviation * m.Moments.StandardDeviation) / moments.Sum(m => m.Moments.Count - 1));
            foreach (var (key, m) in moments)
            {
                var difference = m.Mean - median;
                var d = pooled < 1e-9 ? (Math.Abs(difference) < 1e-9 ? 0 : double.PositiveInfinity) : Math.Abs(difference) / pooled;
                if (d >= options.ImageEffectSize)
                {
                    yield return new AuditFlag(
                        FlagKinds.ImageDifference,
                        facet,
                        key,
                        string.Create(CultureInfo.InvariantCulture, $"{facet} '{key}': {name} ({unit}) {m.Mean:0.##} against a median of {median:0.##} over all {facet}s ({(double.IsInfinity(d) ? "no spread within groups" : $"{d:0.##} standard deviations")} {(difference < 0 ? "lower" : "higher")}); a model can learn this instead of the face."),
                        double.IsInfinity(d) ? 99 : d)
                    {
                        CellLabel = facet == "label" ? key : null,
                    };
                }
            }
        }

        var shares = groups.Select(g => (g.Key, Share: g.Measures.Count(x => x.IsGreyscale) / (double)g.Measures.Count)).ToList();
        var medianShare = Median([.. shares.Select(s => s.Share)]);
        foreach (var (key, share) in shares.Where(s => Math.Abs(s.Share - medianShare) >= options.GreyscaleShareDifference))
        {
            yield return new AuditFlag(
                FlagKinds.ImageDifference,
                facet,
                key,
                string.Create(CultureInfo.InvariantCulture, $"{facet} '{key}': {share:0.#%} greyscale photos against a median of {medianShare:0.#%} over all {facet}s."),
                Math.Abs(share - medianShare))
            {
                CellLabel = facet == "label" ? key : null,
            };
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static Moments Of(IEnumerable<ImageMeasure> measures, Func<ImageMeasure, double?> value)
    {
        var moments = new Moments();
        foreach (var measure in measures)
        {
            if (value(measure) is { } v)
            {
                moments.Add(v);
            }
        }

        return moments;
    }
}
