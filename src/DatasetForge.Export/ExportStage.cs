using System.Globalization;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;
using DatasetForge.Export.Facets;
using DatasetForge.Export.Layout;
using DatasetForge.Export.Splitting;
using DatasetForge.Export.Versions;
using DatasetForge.Export.Writing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Export;

/// <summary>
/// Cuts an immutable dataset version from the kept persons of the catalogue: stratified, grouped, stable splits, a
/// content-derived id, folder-per-class, CSV and JSON-lines layouts (with facets), optional cross-validation folds, a
/// manifest and a datasheet. Exporting unchanged content returns the newest version and writes nothing. Scales to
/// millions of items: one query per table, crops hashed and copied in parallel, files and catalogue rows streamed.
/// </summary>
public sealed class ExportStage : IPipelineStage
{
    private const int ProgressEvery = 1000;

    private readonly ExportOptions _options;

    public ExportStage(ExportOptions? options = null)
    {
        _options = options ?? new ExportOptions();
        _options.Validate();
    }

    public PipelineStage Stage => PipelineStage.Export;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var invalid = context.Dataset.Splits.Validate();
        if (invalid is not null)
        {
            throw new InvalidOperationException($"Dataset '{context.Dataset.Name}': {invalid}.");
        }

        var workspace = context.Workspace;
        workspace.EnsureCreated();
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, cancellationToken);
        var run = await catalogue.StartAsync(Stage, context.UtcNow, cancellationToken);
        try
        {
            var result = await ExportAsync(context, catalogue, cancellationToken);
            await catalogue.CompleteAsync(run, result, context.UtcNow, cancellationToken);
            return result;
        }
        catch (Exception ex)
        {
            await catalogue.FailAsync(run, ex, context.UtcNow);
            throw;
        }
    }

    private async Task<StageResult> ExportAsync(StageContext context, CatalogueDbContext catalogue, CancellationToken cancellationToken)
    {
        var workspace = context.Workspace;
        var dataset = context.Dataset;
        var (candidates, skipped) = await LoadCandidatesAsync(catalogue, context, cancellationToken);
        var parent = await VersionHistory.NewestAsync(catalogue, includeItems: true, cancellationToken);
        if (candidates.Count == 0)
        {
            return new StageResult(Stage, "nothing to export: no kept person with a label and a face crop", Counts(parent?.Items ?? [], skipped, written: false))
            {
                Artifacts = parent is null ? [] : [Path.Combine(workspace.Root, parent.Path)],
            };
        }

        var previousByPerson = new Dictionary<int, Split>();
        var previousByCrop = new Dictionary<string, Split>(StringComparer.Ordinal);
        foreach (var item in parent?.Items ?? [])
        {
            var split = Enum.Parse<Split>(item.Split, ignoreCase: true);
            previousByPerson[item.PersonId] = split;
            previousByCrop[item.CropSha256] = split;
        }

        // A number label (age) is stratified by quantile bins; each distinct value would otherwise be a class of its own.
        var stratum = Strata(dataset, candidates);
        var splits = SplitAssigner.Assign(
            [.. candidates.Select(c => new SplitCandidate(
                c.ItemId,
                stratum(c.Label),
                c.Group,
                previousByPerson.TryGetValue(c.PersonId, out var byPerson) ? byPerson
                    : previousByCrop.TryGetValue(c.CropSha256, out var byCrop) ? byCrop : null))],
            dataset.Splits,
            dataset.Seed);
        var items = candidates
            .Select(c =>
            {
                var split = splits[c.ItemId];
                var file = string.Join('/', VersionManifest.SplitName(split), LabelFolder.For(c.Label), c.ItemId + ".png");
                return c with { Split = split, File = file };
            })
            .OrderBy(i => i.Split)
            .ThenBy(i => i.Label, StringComparer.Ordinal)
            .ThenBy(i => i.ItemId, StringComparer.Ordinal)
            .ToList();

        var parentFolds = parent is null ? null : await VersionFolds.ReadAsync(Path.Combine(workspace.Root, parent.Path), cancellationToken);
        if (_options.Folds > 0)
        {
            items = AssignFolds(items, parentFolds, parent?.Items, dataset.Seed, stratum);
        }

        var lines = ContentLines(items);
        if (parent is not null && SameContent(lines, parent, parentFolds))
        {
            return new StageResult(Stage, $"version {parent.Id} is up to date ({parent.ItemCount} items); nothing written", Counts(parent.Items, skipped, written: false))
            {
                Artifacts = [Path.Combine(workspace.Root, parent.Path)],
            };
        }

        var id = VersionIds.Version(lines, parent?.Id);
        var manifest = BuildManifest(id, parent?.Id, dataset, context.UtcNow, items);
        var datasheet = Datasheet.Render(
            dataset,
            manifest,
            await SummariseSourcesAsync(catalogue, items, cancellationToken),
            await CountRejectionsAsync(catalogue, cancellationToken),
            _options.Folds,
            await CountEstimatesAsync(catalogue, items, cancellationToken));
        context.Progress.Report(new StageProgress(Stage, "write", 0, items.Count));
        var manifestSha = await VersionWriter.WriteAsync(
            workspace.VersionsDirectory, manifest, items, datasheet, _options.Parallelism, _options.LinkCrops, context.Progress, cancellationToken);
        context.Progress.Report(new StageProgress(Stage, "write", items.Count, items.Count));

        var relativePath = Path.GetRelativePath(workspace.Root, Path.Combine(workspace.VersionsDirectory, id)).Replace('\\', '/');
        var record = new VersionRecord
        {
            Id = id,
            ParentId = parent?.Id,
            CreatedAt = manifest.CreatedAt,
            Seed = dataset.Seed,
            Ratios = RatiosText(dataset.Splits),
            ItemCount = items.Count,
            Path = relativePath,
            ManifestSha256 = manifestSha,
        };
        await SaveVersionAsync(catalogue, record, items, cancellationToken);

        var summary = $"version {id} ({items.Count} items, {manifest.Classes.Count} classes; " +
            string.Join(", ", SplitTargets.All.Select(s => $"{VersionManifest.SplitName(s)} {items.Count(i => i.Split == s)}")) +
            (_options.Folds > 0 ? $"; {_options.Folds} folds" : string.Empty) +
            (parent is null ? ")" : $"; parent {parent.Id})") +
            SmallSplitWarning(items, dataset.LabelKind == LabelKind.Number ? [] : manifest.Classes);
        return new StageResult(Stage, summary, Counts(items.Select(i => (i.Split.ToString(), i.Label)), skipped, written: true))
        {
            Artifacts = [Path.Combine(workspace.VersionsDirectory, id)],
        };
    }

    /// <summary>
    /// "; warning: …" naming each class with fewer than <see cref="ExportOptions.MinSplitItems"/> validation or test
    /// items, or nothing when every class has enough.
    /// </summary>
    private string SmallSplitWarning(List<ExportItem> items, IReadOnlyList<string> classes)
    {
        var small = new List<string>();
        foreach (var split in new[] { Split.Validation, Split.Test })
        {
            foreach (var label in classes)
            {
                var count = items.Count(i => i.Split == split && i.Label == label);
                if (count < _options.MinSplitItems)
                {
                    small.Add($"'{label}' has {count} {VersionManifest.SplitName(split)}");
                }
            }
        }

        return small.Count == 0
            ? string.Empty
            : $"; warning: {string.Join(", ", small)} item(s), fewer than {_options.MinSplitItems}: metrics on so few items mean little";
    }

    /// <summary>What splits and folds are stratified by: the label, or for a number label its quantile bin.</summary>
    private static Func<string, string> Strata(DatasetDefinition dataset, List<ExportItem> candidates)
    {
        if (dataset.LabelKind != LabelKind.Number)
        {
            return label => label;
        }

        var bins = NumberStrata.For([.. candidates.Select(c => c.Label).Distinct(StringComparer.Ordinal)], dataset.LabelBins);
        return label => bins.GetValueOrDefault(label, label);
    }

    private List<ExportItem> AssignFolds(
        List<ExportItem> items, IReadOnlyDictionary<string, int>? parentFolds, List<VersionItemRecord>? parentItems, int seed, Func<string, string> stratum)
    {
        // A fold is only inherited from a parent cut into the same number of folds; otherwise the folds are drawn afresh.
        var inherit = VersionFolds.Count(parentFolds) == _options.Folds ? parentFolds : null;
        var foldByPerson = new Dictionary<int, int>();
        if (inherit is not null)
        {
            foreach (var item in parentItems ?? [])
            {
                if (inherit.TryGetValue(item.ItemId, out var fold))
                {
                    foldByPerson[item.PersonId] = fold;
                }
            }
        }

        var folds = FoldAssigner.Assign(
            [.. items.Where(i => i.Split != Split.Test).Select(i => new FoldCandidate(
                i.ItemId,
                stratum(i.Label),
                i.Group,
                inherit is not null && inherit.TryGetValue(i.ItemId, out var byItem) ? byItem
                    : foldByPerson.TryGetValue(i.PersonId, out var byPerson) ? byPerson : null))],
            _options.Folds,
            seed);
        return [.. items.Select(i => folds.TryGetValue(i.ItemId, out var fold) ? i with { Fold = fold } : i)];
    }

    private async Task<(List<ExportItem> Items, int Skipped)> LoadCandidatesAsync(
        CatalogueDbContext catalogue, StageContext context, CancellationToken cancellationToken)
    {
        var workspace = context.Workspace;
        var sources = await catalogue.Sources.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        // A reviewer's label (forge review --label) is exported over the one the source lists.
        var reviewLabels = await ReviewLabels.LoadAsync(catalogue, cancellationToken);
        var relabelled = reviewLabels.Keys.ToList();
        // One query with only the columns export needs: loading whole entities with their photos and faces costs
        // several times the memory and time on a large catalogue.
        var rows = await catalogue.Items.AsNoTracking()
            .Where(p => p.Status == ItemStatus.Kept && !p.Vanished && ((p.Label != null && p.Label != "") || relabelled.Contains(p.Id)) && p.PhotoId != null
                && p.Photo!.Face != null && p.Photo.Face.CropPath != null)
            .OrderBy(p => p.Id)
            .Select(p => new CandidateRow(p.Id, p.SourceId, p.Label ?? "", p.GroupId, p.Person!.Role, p.FacetsJson, p.Photo!.Face!.CropPath!, p.Photo.Face.CropSha256))
            .ToListAsync(cancellationToken);
        var facets = new ItemFacets(context.Dataset.Label);
        var picked = new List<(CandidateRow Row, string Label, string CropFile)>(rows.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var label = (reviewLabels.GetValueOrDefault(row.PersonId) ?? row.Label).Trim();
            if (!ContentHash.IsValid(row.CropSha256) || label.Length == 0)
            {
                continue;
            }

            // Two kept persons with the same crop are one item: the first (lowest id) represents it.
            if (seen.Add(row.CropSha256!))
            {
                picked.Add((row, label, Path.GetFullPath(Path.Combine(workspace.Root, row.CropPath))));
            }
        }

        // A crop that is gone or was rewritten without the catalogue knowing cannot be vouched for by its hash.
        var intact = new bool[picked.Count];
        var done = 0;
        await Parallel.ForAsync(0, picked.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var (row, _, file) = picked[i];
            intact[i] = File.Exists(file) && await ContentHash.OfFileAsync(file, ct) == row.CropSha256;
            var count = Interlocked.Increment(ref done);
            if (count % ProgressEvery == 0 || count == picked.Count)
            {
                context.Progress.Report(new StageProgress(PipelineStage.Export, "select", count, picked.Count));
            }
        });

        var items = new List<ExportItem>(picked.Count);
        for (var i = 0; i < picked.Count; i++)
        {
            if (!intact[i])
            {
                continue;
            }

            var (row, label, file) = picked[i];
            var source = sources.TryGetValue(row.SourceId, out var name) ? name : $"source-{row.SourceId}";
            items.Add(new ExportItem(
                VersionIds.Item(row.CropSha256!),
                row.PersonId,
                row.SourceId,
                label,
                row.GroupId ?? row.PersonId,
                row.CropSha256!,
                file,
                Split.Train,
                string.Empty,
                facets.For(source, row.FacetsJson, row.Role, row.PersonId)));
        }

        return (items, picked.Count - items.Count);
    }

    private static List<string> ContentLines(List<ExportItem> items)
    {
        var lines = items.Select(i => VersionIds.ContentLine(i.ItemId, i.Split, i.Label, i.CropSha256)).ToList();
        lines.AddRange(items.Where(i => i.Fold is not null).Select(i => FoldLine(i.ItemId, i.Fold!.Value)));
        return lines;
    }

    private static string FoldLine(string itemId, int fold) => FormattableString.Invariant($"fold\t{itemId}\t{fold}");

    private static bool SameContent(List<string> lines, VersionRecord parent, IReadOnlyDictionary<string, int>? parentFolds)
    {
        var previous = parent.Items
            .Select(i => VersionIds.ContentLine(i.ItemId, Enum.Parse<Split>(i.Split, ignoreCase: true), i.Label, i.CropSha256))
            .Concat(parentFolds?.Select(p => FoldLine(p.Key, p.Value)) ?? [])
            .Order(StringComparer.Ordinal);
        return previous.SequenceEqual(lines.Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static VersionManifest BuildManifest(
        string id, string? parentId, DatasetDefinition dataset, DateTime createdAt, List<ExportItem> items)
    {
        var classes = items.Select(i => i.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var tally = items.CountBy(i => (i.Split, i.Label)).ToDictionary(p => p.Key, p => p.Value);
        var counts = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        var ratios = new Dictionary<string, double>();
        foreach (var split in SplitTargets.All)
        {
            var name = VersionManifest.SplitName(split);
            ratios[name] = SplitTargets.RatioOf(dataset.Splits, split);
            counts[name] = classes.ToDictionary(label => label, label => tally.GetValueOrDefault((split, label)), StringComparer.Ordinal);
        }

        return new VersionManifest
        {
            Id = id,
            ParentId = parentId,
            Dataset = dataset.Name,
            Label = dataset.Label,
            LabelKind = dataset.LabelKind.ToString().ToLowerInvariant(),
            CreatedAt = createdAt,
            Seed = dataset.Seed,
            Ratios = ratios,
            Classes = classes,
            Counts = counts,
            Items = [.. items.Select(i => new VersionManifestItem(
                i.ItemId, VersionManifest.SplitName(i.Split), i.Label, i.Group, i.File, i.CropSha256, i.Facets))],
        };
    }

    /// <summary>Records the version and its items in one transaction; the items go in through the catalogue's bulk writer.</summary>
    private static async Task SaveVersionAsync(
        CatalogueDbContext catalogue, VersionRecord record, List<ExportItem> items, CancellationToken cancellationToken)
    {
        await using var transaction = await catalogue.Database.BeginTransactionAsync(cancellationToken);
        catalogue.Versions.Add(record);
        await catalogue.SaveChangesAsync(cancellationToken);
        await catalogue.InsertVersionItemsAsync(
            items.Select(item => new VersionItemRecord
            {
                VersionId = record.Id,
                ItemId = item.ItemId,
                PersonId = item.PersonId,
                Split = item.Split.ToString(),
                Label = item.Label,
                GroupId = item.Group,
                CropSha256 = item.CropSha256,
                File = item.File,
            }),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        catalogue.Entry(record).State = EntityState.Detached;
    }

    private static async Task<IReadOnlyList<SourceSummary>> SummariseSourcesAsync(
        CatalogueDbContext catalogue, List<ExportItem> items, CancellationToken cancellationToken)
    {
        var sources = await catalogue.Sources.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var listed = await catalogue.Items.AsNoTracking()
            .Where(p => !p.Vanished)
            .GroupBy(p => new { p.SourceId, Kept = p.Status == ItemStatus.Kept })
            .Select(g => new { g.Key.SourceId, g.Key.Kept, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var exported = items.CountBy(i => i.SourceId).ToDictionary(p => p.Key, p => p.Value);
        return [.. sources.Select(s => new SourceSummary(
            s.Name,
            s.Kind,
            listed.Where(p => p.SourceId == s.Id).Sum(p => p.Count),
            listed.Where(p => p.SourceId == s.Id && p.Kept).Sum(p => p.Count),
            exported.GetValueOrDefault(s.Id)))];
    }

    private static async Task<IReadOnlyList<RuleCount>> CountRejectionsAsync(CatalogueDbContext catalogue, CancellationToken cancellationToken)
    {
        var rejected = DecisionOutcome.Rejected.ToString();
        var counts = await catalogue.Decisions.AsNoTracking()
            .Where(d => d.Outcome == rejected)
            .GroupBy(d => new { d.Stage, d.Rule })
            .Select(g => new { g.Key.Stage, g.Key.Rule, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return [.. counts
            .OrderBy(c => c.Stage, StringComparer.Ordinal)
            .ThenByDescending(c => c.Count)
            .ThenBy(c => c.Rule, StringComparer.Ordinal)
            .Select(c => new RuleCount(c.Stage, c.Rule, c.Count))];
    }

    /// <summary>
    /// The datasheet's counts of the exported persons' estimates. Only the estimate columns are read (never the
    /// descriptor), and only counts leave this method.
    /// </summary>
    private static async Task<Datasheet.EstimateCounts> CountEstimatesAsync(
        CatalogueDbContext catalogue, List<ExportItem> items, CancellationToken cancellationToken)
    {
        var exported = items.Select(i => i.PersonId).ToHashSet();
        var rows = await catalogue.Items.AsNoTracking()
            .Where(p => p.Status == ItemStatus.Kept && p.Photo!.Face!.EstimatesModel != null)
            .Select(p => new { p.Id, p.Photo!.Face!.EstimatesModel, p.Photo.Face.EstimatedGender, p.Photo.Face.EstimatedAge })
            .ToListAsync(cancellationToken);
        return Datasheet.EstimateCounts.Of(
            items.Count, rows.Where(r => exported.Contains(r.Id)).Select(r => (r.EstimatesModel, r.EstimatedGender, r.EstimatedAge)));
    }

    private static Dictionary<string, long> Counts(IEnumerable<VersionItemRecord> items, int skipped, bool written) =>
        Counts(items.Select(i => (i.Split, i.Label)), skipped, written);

    private static Dictionary<string, long> Counts(IEnumerable<(string Split, string Label)> items, int skipped, bool written)
    {
        var list = items.ToList();
        var bySplit = list.CountBy(i => i.Split).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new Dictionary<string, long>
        {
            ["items"] = list.Count,
            ["train"] = bySplit.GetValueOrDefault(nameof(Split.Train)),
            ["validation"] = bySplit.GetValueOrDefault(nameof(Split.Validation)),
            ["test"] = bySplit.GetValueOrDefault(nameof(Split.Test)),
            ["classes"] = list.Select(i => i.Label).Distinct(StringComparer.Ordinal).Count(),
            ["skipped"] = skipped,
            ["written"] = written ? 1 : 0,
        };
    }

    private static string RatiosText(SplitRatios ratios) =>
        string.Join('/', SplitTargets.All.Select(s => SplitTargets.RatioOf(ratios, s).ToString("0.###", CultureInfo.InvariantCulture)));

    private sealed record CandidateRow(
        int PersonId, int SourceId, string Label, int? GroupId, string? Role, string FacetsJson, string CropPath, string? CropSha256);
}
