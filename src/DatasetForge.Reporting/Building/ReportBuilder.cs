using System.Text.Json;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Evaluation;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Reporting.Model;
using DatasetForge.Reporting.Statistics;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Reporting.Building;

/// <summary>Gathers the report's numbers from the catalogue, the newest version and the newest evaluated run.</summary>
internal static class ReportBuilder
{
    public const string NoLabel = "(no label)";

    private static readonly JsonSerializerOptions MetricsJson = new(JsonSerializerDefaults.Web);

    private static readonly string[] SplitNames =
        [VersionManifest.SplitName(Split.Train), VersionManifest.SplitName(Split.Validation), VersionManifest.SplitName(Split.Test)];

    public static async Task<DatasetReport> BuildAsync(
        StageContext context, CatalogueDbContext catalogue, ReportOptions options, CancellationToken cancellationToken)
    {
        var sources = await catalogue.Sources.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var persons = await catalogue.Persons.AsNoTracking()
            .Select(p => new Person(
                p.Id,
                p.SourceId,
                p.Label,
                p.Vanished,
                p.PhotoId != null,
                p.Photo != null && p.Photo.Face != null && p.Photo.Face.CropPath != null,
                p.Status))
            .ToListAsync(cancellationToken);
        var version = await VersionHistory.NewestAsync(catalogue, includeItems: true, cancellationToken);
        var items = version?.Items ?? [];
        var exported = items.Select(i => i.PersonId).ToHashSet();
        var byId = persons.ToDictionary(p => p.Id);

        string SourceOf(int personId) =>
            byId.TryGetValue(personId, out var p) && sources.TryGetValue(p.SourceId, out var name) ? name : "(unknown source)";
        static string LabelOf(string? label) => string.IsNullOrWhiteSpace(label) ? NoLabel : label.Trim();

        var funnelBySource = sources.Values.Order(StringComparer.Ordinal)
            .Select(name => new FunnelBreakdown(name, Funnel(persons.Where(p => SourceOf(p.Id) == name), exported)))
            .ToList();
        var labels = persons.Select(p => LabelOf(p.Label)).Concat(items.Select(i => i.Label)).Distinct().Order(StringComparer.Ordinal);
        var funnelByLabel = labels
            .Select(label => new FunnelBreakdown(label, Funnel(persons.Where(p => LabelOf(p.Label) == label), exported)))
            .ToList();

        var parent = version?.ParentId is null ? null : await catalogue.VersionItems.AsNoTracking()
            .Where(i => i.VersionId == version.ParentId)
            .ToListAsync(cancellationToken);

        return new DatasetReport
        {
            Dataset = context.Dataset.Name,
            Description = context.Dataset.Description,
            Label = context.Dataset.Label,
            GeneratedAt = context.Time.GetUtcNow().UtcDateTime,
            VersionId = version?.Id,
            ParentVersionId = version?.ParentId,
            Funnel = Funnel(persons, exported),
            FunnelBySource = funnelBySource,
            FunnelByLabel = funnelByLabel,
            Rejections = await RejectionsAsync(catalogue, options.ExamplesPerRule, cancellationToken),
            Balance = version is null ? null : Balance(items),
            LabelBySource = version is null
                ? LabelBySource(persons.Where(p => !p.Vanished && p.Status == PersonStatus.Kept).Select(p => (LabelOf(p.Label), SourceOf(p.Id))), "kept persons")
                : LabelBySource(items.Select(i => (i.Label, SourceOf(i.PersonId))), "exported items"),
            Comparison = version is null || parent is null ? null : Compare(version.ParentId!, parent, items),
            ContactSheets = version is null ? [] : ContactSheets(context, version, options.SamplesPerLabel),
            Training = await TrainingAsync(context, catalogue, cancellationToken),
        };
    }

    private static FunnelCounts Funnel(IEnumerable<Person> persons, HashSet<int> exported)
    {
        var all = persons.ToList();
        var listed = all.Where(p => !p.Vanished).ToList();
        return new FunnelCounts(
            listed.Count,
            listed.Count(p => p.HasPhoto),
            listed.Count(p => p.HasFace),
            listed.Count(p => p.Status == PersonStatus.Kept),
            all.Count(p => exported.Contains(p.Id)));
    }

    private static async Task<IReadOnlyList<RuleRejection>> RejectionsAsync(
        CatalogueDbContext catalogue, int examples, CancellationToken cancellationToken)
    {
        var rejected = DecisionOutcome.Rejected.ToString();
        var decisions = await catalogue.Decisions.AsNoTracking()
            .Where(d => d.Outcome == rejected)
            .Select(d => new { d.Stage, d.Rule, d.Reason })
            .ToListAsync(cancellationToken);
        return [.. decisions
            .GroupBy(d => (d.Stage, d.Rule))
            .OrderBy(g => Enum.TryParse<PipelineStage>(g.Key.Stage, ignoreCase: true, out var stage) ? (int)stage : int.MaxValue)
            .ThenBy(g => g.Key.Stage, StringComparer.Ordinal)
            .ThenByDescending(g => g.Count())
            .ThenBy(g => g.Key.Rule, StringComparer.Ordinal)
            .Select(g => new RuleRejection(
                g.Key.Stage,
                g.Key.Rule,
                g.Count(),
                [.. g.Select(d => d.Reason).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(examples)]))];
    }

    private static LabelBalance Balance(IReadOnlyList<VersionItemRecord> items)
    {
        var classes = items.Select(i => i.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        SplitBalance Of(string name, IEnumerable<VersionItemRecord> subset)
        {
            var list = subset.ToList();
            var counts = classes.ToDictionary(c => c, c => list.Count(i => i.Label == c));
            return new SplitBalance(
                name,
                counts,
                list.Count,
                BalanceStatistics.ImbalanceRatio(counts.Values),
                BalanceStatistics.NormalisedEntropy(counts.Values));
        }

        return new LabelBalance(
            classes,
            Of("all", items),
            [.. SplitNames.Select(s => Of(s, items.Where(i => string.Equals(i.Split, s, StringComparison.OrdinalIgnoreCase))))]);
    }

    private static Contingency LabelBySource(IEnumerable<(string Label, string Source)> pairs, string basis)
    {
        var list = pairs.ToList();
        var rows = list.Select(p => p.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        var columns = list.Select(p => p.Source).Distinct().Order(StringComparer.Ordinal).ToList();
        IReadOnlyList<IReadOnlyList<int>> cells = [.. rows.Select(r => (IReadOnlyList<int>)[.. columns.Select(c => list.Count(p => p.Label == r && p.Source == c))])];
        var (chiSquare, degrees, cramersV) = BalanceStatistics.Independence(cells);
        return new Contingency("label", "source", basis, rows, columns, cells, chiSquare, degrees, cramersV);
    }

    private static VersionComparison Compare(string parentId, List<VersionItemRecord> parent, IReadOnlyList<VersionItemRecord> items)
    {
        var labels = parent.Select(i => i.Label).Concat(items.Select(i => i.Label)).Distinct().Order(StringComparer.Ordinal).ToList();
        var before = parent.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
        var after = items.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
        return new VersionComparison(
            parentId,
            labels.ToDictionary(l => l, l => parent.Count(i => i.Label == l)),
            labels.ToDictionary(l => l, l => items.Count(i => i.Label == l)),
            after.Count(id => !before.Contains(id)),
            before.Count(id => !after.Contains(id)));
    }

    private static List<ContactSheet> ContactSheets(StageContext context, VersionRecord version, int perLabel) =>
        [.. version.Items
            .GroupBy(i => i.Label)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ContactSheet(
                g.Key,
                [.. g.OrderBy(i => i.ItemId, StringComparer.Ordinal)
                    .Select(i => Path.Combine(version.Path, i.File).Replace('\\', '/'))
                    .Where(f => File.Exists(Path.Combine(context.Workspace.Root, f)))
                    .Take(perLabel)]))];

    private static async Task<TrainingRunSummary?> TrainingAsync(
        StageContext context, CatalogueDbContext catalogue, CancellationToken cancellationToken)
    {
        var runs = await catalogue.TrainingRuns.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var run in runs.OrderByDescending(r => r.FinishedAt ?? r.StartedAt).ThenByDescending(r => r.StartedAt).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            var folder = Path.Combine(context.Workspace.Root, run.Path);
            var metricsFile = Path.Combine(folder, "metrics.json");
            if (!File.Exists(metricsFile))
            {
                continue;
            }

            ClassificationMetrics? metrics;
            try
            {
                await using var stream = File.OpenRead(metricsFile);
                metrics = await JsonSerializer.DeserializeAsync<ClassificationMetrics>(stream, MetricsJson, cancellationToken);
            }
            catch (JsonException)
            {
                // A half-written or foreign metrics file: fall back to the next newest run rather than fail the report.
                continue;
            }

            if (metrics is null)
            {
                continue;
            }

            var page = Path.Combine(folder, "evaluation.html");
            var link = File.Exists(page)
                ? Path.GetRelativePath(context.Workspace.ReportsDirectory, page).Replace('\\', '/')
                : null;
            return new TrainingRunSummary(run.Id, run.VersionId, run.Model, metrics, link);
        }

        return null;
    }

    private sealed record Person(int Id, int SourceId, string? Label, bool Vanished, bool HasPhoto, bool HasFace, string? Status);
}
