using System.Text.Json;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Evaluation;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Privacy;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;
using DatasetForge.Export.Facets;
using DatasetForge.Export.Splitting;
using DatasetForge.Export.Versions;
using DatasetForge.Reporting.Images;
using DatasetForge.Reporting.Model;
using DatasetForge.Reporting.Statistics;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Reporting.Building;

/// <summary>Gathers the report's numbers from the catalogue, the newest version and the newest evaluated run.</summary>
internal static partial class ReportBuilder
{
    public const string NoLabel = "(no label)";

    /// <summary>The value of a facet an item does not carry.</summary>
    public const string Unknown = "(unknown)";

    /// <summary>Facets with more values than this (ids, free text) are left out of the balance and cross tables.</summary>
    public const int MaxFacetValues = 200;

    /// <summary>Facets with more values than this are left out of the facet x facet tables.</summary>
    public const int MaxCrossValues = 30;

    /// <summary>The most bars in a number label's histogram.</summary>
    public const int HistogramBins = 20;

    private static readonly JsonSerializerOptions MetricsJson = new(JsonSerializerDefaults.Web);

    private static readonly string[] SplitNames =
        [VersionManifest.SplitName(Split.Train), VersionManifest.SplitName(Split.Validation), VersionManifest.SplitName(Split.Test)];

    public static async Task<DatasetReport> BuildAsync(
        StageContext context, CatalogueDbContext catalogue, ReportOptions options, CancellationToken cancellationToken)
    {
        var sources = await catalogue.Sources.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var persons = await catalogue.Items.AsNoTracking()
            .Select(p => new Person(
                p.Id,
                p.SourceId,
                p.Label,
                p.Vanished,
                p.PhotoId != null,
                p.Photo != null && p.Photo.Face != null && p.Photo.Face.CropPath != null,
                p.Status,
                p.StatusRule,
                p.Person!.Role,
                p.FacetsJson,
                // The estimates, column by column: the face's descriptor is biometric and is never read here.
                p.Photo!.Face!.EstimatesModel,
                p.Photo.Face.EstimatedAge,
                p.Photo.Face.EstimatedGender,
                p.Photo.Face.EstimatedGenderProbability))
            .ToListAsync(cancellationToken);
        // A reviewer's label (forge review --label) counts over the one the source lists, as export uses it.
        var reviewLabels = await ReviewLabels.LoadAsync(catalogue, cancellationToken);
        if (reviewLabels.Count > 0)
        {
            persons = [.. persons.Select(p => reviewLabels.TryGetValue(p.Id, out var label) ? p with { Label = label } : p)];
        }

        var version = await VersionHistory.NewestAsync(catalogue, includeItems: true, cancellationToken);
        var items = version?.Items ?? [];
        var exported = items.Select(i => i.PersonId).ToHashSet();
        var byId = persons.ToDictionary(p => p.Id);

        // A number label (an age) is audited by the quantile bins export stratifies by, not one class per value.
        var numberBins = context.Dataset.LabelKind == LabelKind.Number
            ? NumberStrata.For(
                [.. persons.Select(p => p.Label).Concat(items.Select(i => i.Label)).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!.Trim()).Distinct(StringComparer.Ordinal)],
                context.Dataset.LabelBins)
            : null;
        var audited = numberBins is null ? items : [.. items.Select(i => Binned(i, numberBins))];

        string SourceOf(int personId) =>
            byId.TryGetValue(personId, out var p) && sources.TryGetValue(p.SourceId, out var name) ? name : "(unknown source)";
        string LabelOf(string? label) =>
            string.IsNullOrWhiteSpace(label) ? NoLabel : numberBins?.GetValueOrDefault(label.Trim()) ?? label.Trim();

        var funnelBySource = persons
            .GroupBy(p => SourceOf(p.Id), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Funnel(g, exported), StringComparer.Ordinal);
        var funnelBySourceList = sources.Values.Order(StringComparer.Ordinal)
            .Select(name => new FunnelBreakdown(name, funnelBySource.GetValueOrDefault(name) ?? new FunnelCounts(0, 0, 0, 0, 0)))
            .ToList();
        var personLabels = persons.Select(p => LabelOf(p.Label)).ToHashSet(StringComparer.Ordinal);
        var funnelByLabel = persons
            .GroupBy(p => LabelOf(p.Label), StringComparer.Ordinal)
            .Select(g => new FunnelBreakdown(g.Key, Funnel(g, exported)))
            .Concat(audited.Select(i => i.Label).Distinct(StringComparer.Ordinal)
                .Where(l => !personLabels.Contains(l))
                .Select(l => new FunnelBreakdown(l, new FunnelCounts(0, 0, 0, 0, 0))))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToList();

        var parent = version?.ParentId is null ? null : await catalogue.VersionItems.AsNoTracking()
            .Where(i => i.VersionId == version.ParentId)
            .ToListAsync(cancellationToken);

        // Facets of every exported item, built as export builds them (shared instances per source and role).
        var itemFacets = new ItemFacets(context.Dataset.Label);
        var facetsOf = items.Select(i => byId.TryGetValue(i.PersonId, out var p)
            ? itemFacets.For(SourceOf(i.PersonId), p.FacetsJson, p.Role, p.Id)
            : itemFacets.For(SourceOf(i.PersonId), null, null)).ToList();
        var labelBySource = version is null
            ? LabelByFacet("source", persons.Where(p => !p.Vanished && p.Status == ItemStatus.Kept).Select(p => (LabelOf(p.Label), SourceOf(p.Id))), "kept persons")
            : LabelByFacet("source", audited.Select(i => (i.Label, SourceOf(i.PersonId))), "exported items");
        var facetNames = facetsOf.Distinct().SelectMany(f => f.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var labelByFacet = facetNames
            .Where(f => f != ItemFacets.Source)
            .Select(f => LabelByFacet(f, audited.Select((item, index) => (item.Label, FacetValue(facetsOf[index], f))), "exported items"))
            .Where(t => t.Columns.Count <= MaxFacetValues)
            .ToList();
        var facetByFacet = version is null ? [] : FacetByFacet(facetNames, facetsOf);

        var flags = new List<AuditFlag>();
        flags.AddRange(AuditRules.StageDrops("source", funnelBySourceList, version is not null, options));
        flags.AddRange(AuditRules.StageDrops("label", [.. funnelByLabel.Where(f => f.Key != NoLabel)], version is not null, options));
        flags.AddRange(AuditRules.Shortcuts(labelBySource, options));
        foreach (var table in labelByFacet)
        {
            flags.AddRange(AuditRules.Shortcuts(table, options));
        }

        foreach (var table in facetByFacet)
        {
            flags.AddRange(AuditRules.Associations(table, options));
        }

        var balance = version is null ? null : Balance(audited);
        if (balance is not null)
        {
            flags.AddRange(AuditRules.SmallSplits(balance, options));
        }

        var (demographics, demographicFlags) = Demographics(persons, version is null ? null : audited, exported, SourceOf, LabelOf, options);
        flags.AddRange(demographicFlags);

        ImageStatistics? images = null;
        if (version is not null && options.ImageSamplesPerCell > 0 && items.Count > 0)
        {
            context.Progress.Report(new StageProgress(PipelineStage.Report, "measure images", 0, 1));
            var measured = await MeasureAsync(context, catalogue, version, audited, SourceOf, options, cancellationToken);
            var (statistics, imageFlags) = ImageStatisticsBuilder.Build(measured, options);
            images = statistics;
            flags.AddRange(imageFlags);
        }

        return new DatasetReport
        {
            Dataset = context.Dataset.Name,
            Description = context.Dataset.Description,
            Label = context.Dataset.Label,
            GeneratedAt = context.Time.GetUtcNow().UtcDateTime,
            VersionId = version?.Id,
            ParentVersionId = version?.ParentId,
            Funnel = Funnel(persons, exported),
            FunnelBySource = funnelBySourceList,
            FunnelByLabel = funnelByLabel,
            Rejections = await RejectionsAsync(catalogue, options.ExamplesPerRule, cancellationToken),
            LabelConflicts = await LabelConflictsAsync(catalogue, cancellationToken),
            RejectionsByGroup = RejectionsByGroup(persons, SourceOf, LabelOf),
            Balance = balance,
            LabelDistribution = numberBins is null ? null : Distribution(
                version is null ? persons.Where(p => !p.Vanished && p.Status == ItemStatus.Kept).Select(p => p.Label) : items.Select(i => i.Label),
                version is null ? "kept persons" : "exported items"),
            FacetBalances = version is null ? [] : [.. facetNames.Select(f => FacetBalanceOf(f, items, facetsOf)).Where(b => b.Values.Count <= MaxFacetValues)],
            LabelBySource = labelBySource,
            LabelByFacet = labelByFacet,
            FacetByFacet = facetByFacet,
            Demographics = demographics,
            Images = images,
            Flags = flags,
            Comparison = version is null || parent is null ? null : Compare(version, parent, items),
            ContactSheets = version is null ? [] : ContactSheets(context, version, audited, options.SamplesPerLabel),
            FlaggedSheets = version is null ? [] : FlaggedSheets(context, version, audited, facetsOf, flags, options.SamplesPerLabel),
            Training = await TrainingAsync(context, catalogue, cancellationToken),
            RejectedSheets = await RejectedSheetsAsync(context, catalogue, options.SamplesPerLabel, cancellationToken),
        };
    }

    /// <summary>A copy of <paramref name="item"/> whose label is its number's bin; the catalogue's row is left alone.</summary>
    private static VersionItemRecord Binned(VersionItemRecord item, IReadOnlyDictionary<string, string> bins) => new()
    {
        VersionId = item.VersionId,
        ItemId = item.ItemId,
        PersonId = item.PersonId,
        Split = item.Split,
        Label = bins.GetValueOrDefault(item.Label.Trim()) ?? item.Label,
        GroupId = item.GroupId,
        CropSha256 = item.CropSha256,
        File = item.File,
    };

    /// <summary>
    /// The distribution of a number label: count, range, mean, median and a histogram of at most
    /// <see cref="HistogramBins"/> equal-width bins (one per integer when the values are integers over a short range).
    /// </summary>
    private static NumberDistribution? Distribution(IEnumerable<string?> labels, string basis)
    {
        var values = labels
            .Select(l => double.TryParse(l, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN)
            .Where(v => !double.IsNaN(v))
            .Order()
            .ToList();
        if (values.Count == 0)
        {
            return null;
        }

        var (min, max) = (values[0], values[^1]);
        var integers = values.All(v => v == Math.Floor(v));
        var count = integers && max - min + 1 <= HistogramBins ? (int)(max - min + 1) : Math.Min(HistogramBins, Math.Max(1, values.Distinct().Count()));
        var width = integers && max - min + 1 <= HistogramBins ? 1 : (max - min) / count;
        var low = integers && max - min + 1 <= HistogramBins ? min - 0.5 : min;
        var counts = new int[count];
        foreach (var value in values)
        {
            counts[width > 0 ? Math.Clamp((int)((value - low) / width), 0, count - 1) : 0]++;
        }

        var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
        return new NumberDistribution(
            basis, values.Count, min, max, values.Average(), median,
            [.. counts.Select((n, i) => new HistogramBin(low + (i * width), low + ((i + 1) * width), n))]);
    }

    /// <summary>Facet x facet counts (source x gender, …) for every pair of facets with 2 to <see cref="MaxCrossValues"/> values.</summary>
    private static List<Contingency> FacetByFacet(IReadOnlyList<string> facetNames, List<IReadOnlyDictionary<string, string>> facetsOf)
    {
        var usable = facetNames
            .Where(f => facetsOf.Select(x => FacetValue(x, f)).Distinct(StringComparer.Ordinal).Take(MaxCrossValues + 1).Count() is >= 2 and <= MaxCrossValues)
            .ToList();
        var tables = new List<Contingency>();
        for (var a = 0; a < usable.Count; a++)
        {
            for (var b = a + 1; b < usable.Count; b++)
            {
                var (row, column) = (usable[a], usable[b]);
                tables.Add(CrossTable(row, column, facetsOf.Select(x => (FacetValue(x, row), FacetValue(x, column))), "exported items"));
            }
        }

        return tables;
    }

    private static string FacetValue(IReadOnlyDictionary<string, string> facets, string facet) =>
        facets.TryGetValue(facet, out var value) ? value : Unknown;

    private static FacetBalance FacetBalanceOf(string facet, IReadOnlyList<VersionItemRecord> items, List<IReadOnlyDictionary<string, string>> facetsOf)
    {
        var values = facetsOf.Distinct().Select(f => FacetValue(f, facet)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        SplitBalance Of(string name, Func<VersionItemRecord, bool> include)
        {
            var counts = values.ToDictionary(v => v, _ => 0, StringComparer.Ordinal);
            var total = 0;
            for (var i = 0; i < items.Count; i++)
            {
                if (include(items[i]))
                {
                    counts[FacetValue(facetsOf[i], facet)]++;
                    total++;
                }
            }

            return new SplitBalance(name, counts, total, BalanceStatistics.ImbalanceRatio(counts.Values), BalanceStatistics.NormalisedEntropy(counts.Values));
        }

        return new FacetBalance(
            facet,
            values,
            Of("all", _ => true),
            [.. SplitNames.Select(s => Of(s, i => string.Equals(i.Split, s, StringComparison.OrdinalIgnoreCase)))]);
    }

    private static List<GroupRejections> RejectionsByGroup(List<Person> persons, Func<int, string> sourceOf, Func<string?, string> labelOf)
    {
        var rejected = persons
            .Where(p => !p.Vanished && (p.Status == ItemStatus.Rejected || !p.HasPhoto))
            .Select(p => (Person: p, Rule: p.Status == ItemStatus.Rejected ? p.StatusRule ?? "(unrecorded)" : "(no photo)"))
            .ToList();
        IEnumerable<GroupRejections> By(string facet, Func<Person, string> key) =>
            rejected.GroupBy(r => key(r.Person), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new GroupRejections(facet, g.Key, g.CountBy(r => r.Rule).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)));
        return [.. By("source", p => sourceOf(p.Id)), .. By("label", p => labelOf(p.Label))];
    }

    /// <summary>
    /// Measures at most <see cref="ReportOptions.ImageSamplesPerCell"/> items per label x source cell (the first by
    /// item id, so the sample is the same each run), two at a time.
    /// </summary>
    private static async Task<List<(string Label, string Source, ImageMeasure Measure)>> MeasureAsync(
        StageContext context,
        CatalogueDbContext catalogue,
        VersionRecord version,
        IReadOnlyList<VersionItemRecord> items,
        Func<int, string> sourceOf,
        ReportOptions options,
        CancellationToken cancellationToken)
    {
        var sample = items
            .GroupBy(i => (i.Label, Source: sourceOf(i.PersonId)))
            .SelectMany(g => g.OrderBy(i => i.ItemId, StringComparer.Ordinal).Take(options.ImageSamplesPerCell).Select(i => (g.Key.Label, g.Key.Source, Item: i)))
            .ToList();
        var faces = new Dictionary<int, FaceRow>();
        foreach (var chunk in sample.Select(s => s.Item.PersonId).Distinct().Chunk(500))
        {
            var rows = await catalogue.Items.AsNoTracking()
                .Where(p => chunk.Contains(p.Id) && p.Photo != null && p.Photo.Face != null)
                .Select(p => new FaceRow(p.Id, p.Photo!.Sha256, p.Photo.Face!.ImageWidth, p.Photo.Face.ImageHeight, p.Photo.Face.Brightness, p.Photo.Face.Contrast, p.Photo.Face.IsGreyscale))
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                faces[row.PersonId] = row;
            }
        }

        var folder = Path.Combine(context.Workspace.Root, version.Path);
        var results = new ImageMeasure?[sample.Count];
        await Parallel.ForAsync(0, sample.Count, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, (i, _) =>
        {
            var item = sample[i].Item;
            var face = faces.GetValueOrDefault(item.PersonId);
            var original = face is not null && ContentHash.IsValid(face.PhotoSha256) ? context.Workspace.BlobPath(face.PhotoSha256) : null;
            results[i] = ImageMeasurer.Measure(
                Path.Combine(folder, item.File), face?.Width ?? 0, face?.Height ?? 0, original, face?.Brightness, face?.Contrast, face?.IsGreyscale);
            return ValueTask.CompletedTask;
        });
        return [.. sample.Select((s, i) => (s.Label, s.Source, Measure: results[i])).Where(r => r.Measure is not null).Select(r => (r.Label, r.Source, r.Measure!))];
    }

    /// <summary>
    /// One sheet per rule that rejected persons with a photo: their face crops, or the stored photo when no face was
    /// cropped (no face, a placeholder), the first <paramref name="perRule"/> by person id; titled by rule and count.
    /// </summary>
    private static async Task<List<ContactSheet>> RejectedSheetsAsync(
        StageContext context, CatalogueDbContext catalogue, int perRule, CancellationToken cancellationToken)
    {
        var rows = await catalogue.Items.AsNoTracking()
            .Where(p => !p.Vanished && p.Status == ItemStatus.Rejected && p.StatusRule != null && p.PhotoId != null)
            .OrderBy(p => p.Id)
            .Select(p => new { Rule = p.StatusRule!, p.Photo!.Sha256 })
            .ToListAsync(cancellationToken);
        var workspace = context.Workspace;
        var sheets = new List<ContactSheet>();
        foreach (var rule in rows.GroupBy(r => r.Rule, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var files = rule.Select(r => r.Sha256).Distinct(StringComparer.Ordinal).Where(ContentHash.IsValid)
                .Select(sha => File.Exists(workspace.CropPath(sha)) ? workspace.CropPath(sha) : workspace.BlobPath(sha))
                .Where(File.Exists)
                .Take(perRule)
                .Select(path => Path.GetRelativePath(workspace.Root, path).Replace('\\', '/'))
                .ToList();
            if (files.Count > 0)
            {
                sheets.Add(new ContactSheet($"{rule.Key} ({rule.Count()} rejected)", files));
            }
        }

        return sheets;
    }

    private static List<ContactSheet> FlaggedSheets(
        StageContext context,
        VersionRecord version,
        IReadOnlyList<VersionItemRecord> items,
        List<IReadOnlyDictionary<string, string>> facetsOf,
        List<AuditFlag> flags,
        int perCell)
    {
        var sheets = new List<ContactSheet>();
        foreach (var flag in flags.Where(f => f.CellLabel is not null).DistinctBy(f => (f.Facet, f.CellLabel, f.CellValue)))
        {
            var files = Enumerable.Range(0, items.Count)
                .Where(i => items[i].Label == flag.CellLabel && (flag.CellValue is null || FacetValue(facetsOf[i], flag.Facet) == flag.CellValue))
                .Select(i => items[i])
                .OrderBy(i => i.ItemId, StringComparer.Ordinal)
                .Select(i => Path.Combine(version.Path, i.File).Replace('\\', '/'))
                .Where(f => File.Exists(Path.Combine(context.Workspace.Root, f)))
                .Take(perCell)
                .ToList();
            var title = flag.CellValue is null ? $"{flag.Kind}: label {flag.CellLabel}" : $"{flag.Kind}: label {flag.CellLabel} x {flag.Facet} {flag.CellValue}";
            sheets.Add(new ContactSheet(title, files));
        }

        return sheets;
    }

    private static FunnelCounts Funnel(IEnumerable<Person> persons, HashSet<int> exported)
    {
        int listed = 0, withPhoto = 0, withFace = 0, kept = 0, inVersion = 0;
        foreach (var p in persons)
        {
            if (exported.Contains(p.Id))
            {
                inVersion++;
            }

            if (p.Vanished)
            {
                continue;
            }

            listed++;
            withPhoto += p.HasPhoto ? 1 : 0;
            withFace += p.HasFace ? 1 : 0;
            kept += p.Status == ItemStatus.Kept ? 1 : 0;
        }

        return new FunnelCounts(listed, withPhoto, withFace, kept, inVersion);
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
                // Reasons name photo and profile URLs, whose paths often hold a name: shown as host and hash only.
                [.. g.Select(d => UrlRedaction.Redact(d.Reason)!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(examples)]))];
    }

    /// <summary>
    /// Curate's label-conflict decisions, one conflict per person (the duplicate group of their listings): open while any
    /// listing is still rejected by the rule, resolved once a review settled it (every decision kept).
    /// </summary>
    private static async Task<LabelConflictCounts> LabelConflictsAsync(CatalogueDbContext catalogue, CancellationToken cancellationToken)
    {
        var stage = DecisionLog.StageName(PipelineStage.Curate);
        var rejected = DecisionOutcome.Rejected.ToString();
        var rows = await (
                from d in catalogue.Decisions.AsNoTracking()
                where d.Stage == stage && d.SubjectKind == SubjectKinds.Person && d.Rule == Rules.LabelConflict
                join p in catalogue.Items.AsNoTracking() on d.SubjectId equals p.Id
                select new { Group = p.GroupId ?? p.Id, Open = d.Outcome == rejected })
            .ToListAsync(cancellationToken);
        var conflicts = rows.GroupBy(r => r.Group).Select(g => g.Any(r => r.Open)).ToList();
        return new LabelConflictCounts(conflicts.Count(open => open), conflicts.Count(open => !open));
    }

    private static LabelBalance Balance(IReadOnlyList<VersionItemRecord> items)
    {
        var classes = items.Select(i => i.Label).Distinct().Order(NaturalOrder.Instance).ToList();
        SplitBalance Of(string name, IEnumerable<VersionItemRecord> subset)
        {
            var list = subset.ToList();
            var tally = list.CountBy(i => i.Label).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var counts = classes.ToDictionary(c => c, c => tally.GetValueOrDefault(c), StringComparer.Ordinal);
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

    private static Contingency LabelByFacet(string facet, IEnumerable<(string Label, string Value)> pairs, string basis) =>
        CrossTable("label", facet, pairs, basis);

    /// <summary>
    /// Counts of row x column values with Pearson's chi-square and Cramér's V. Columns come in <paramref name="columnOrder"/>
    /// when given (age bands, youngest first), else in ordinal order; only values that occur are columns.
    /// </summary>
    private static Contingency CrossTable(
        string rowFacet, string columnFacet, IEnumerable<(string Row, string Column)> pairs, string basis, IReadOnlyList<string>? columnOrder = null)
    {
        var tally = pairs.CountBy(p => p).ToDictionary(p => p.Key, p => p.Value);
        var rows = tally.Keys.Select(p => p.Row).Distinct().Order(NaturalOrder.Instance).ToList();
        var present = tally.Keys.Select(p => p.Column).ToHashSet(StringComparer.Ordinal);
        List<string> columns = columnOrder is null
            ? [.. present.Order(NaturalOrder.Instance)]
            : [.. columnOrder.Where(present.Contains), .. present.Except(columnOrder, StringComparer.Ordinal).Order(NaturalOrder.Instance)];
        IReadOnlyList<IReadOnlyList<int>> cells = [.. rows.Select(r => (IReadOnlyList<int>)[.. columns.Select(c => tally.GetValueOrDefault((r, c)))])];
        var (chiSquare, degrees, cramersV) = BalanceStatistics.Independence(cells);
        return new Contingency(rowFacet, columnFacet, basis, rows, columns, cells, chiSquare, degrees, cramersV);
    }

    private static VersionComparison Compare(VersionRecord version, List<VersionItemRecord> parent, IReadOnlyList<VersionItemRecord> items)
    {
        var difference = VersionComparer.Compare(version.ParentId!, parent, version.Id, [.. items]);
        var labels = parent.Select(i => i.Label).Concat(items.Select(i => i.Label)).Distinct().Order(NaturalOrder.Instance).ToList();
        var before = difference.CountsFrom.GetValueOrDefault(VersionComparer.AllSplits) ?? new Dictionary<string, int>();
        var after = difference.CountsTo.GetValueOrDefault(VersionComparer.AllSplits) ?? new Dictionary<string, int>();
        return new VersionComparison(
            version.ParentId!,
            labels.ToDictionary(l => l, l => before.GetValueOrDefault(l)),
            labels.ToDictionary(l => l, l => after.GetValueOrDefault(l)),
            difference.Added,
            difference.Removed)
        {
            MovedSplit = difference.MovedSplit,
            Relabelled = difference.Relabelled,
            MovedExamples = difference.MovedExamples,
            RelabelledExamples = difference.RelabelledExamples,
            ParentBalance = Balance(parent),
        };
    }

    private static List<ContactSheet> ContactSheets(StageContext context, VersionRecord version, IReadOnlyList<VersionItemRecord> items, int perLabel) =>
        [.. items
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

    /// <summary>
    /// A person as the report needs them. The estimates are read to be counted, never written out one by one.
    /// </summary>
    private sealed record Person(
        int Id,
        int SourceId,
        string? Label,
        bool Vanished,
        bool HasPhoto,
        bool HasFace,
        string? Status,
        string? StatusRule,
        string? Role,
        string FacetsJson,
        string? EstimatesModel,
        float? EstimatedAge,
        string? EstimatedGender,
        float? EstimatedGenderProbability);

    private sealed record FaceRow(int PersonId, string PhotoSha256, int Width, int Height, double? Brightness, double? Contrast, bool? IsGreyscale);
}
