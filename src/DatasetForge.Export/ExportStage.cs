using System.Globalization;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;
using DatasetForge.Export.Layout;
using DatasetForge.Export.Splitting;
using DatasetForge.Export.Versions;
using DatasetForge.Export.Writing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Export;

/// <summary>
/// Cuts an immutable dataset version from the kept persons of the catalogue: stratified, grouped, stable splits, a
/// content-derived id, folder-per-class and CSV layouts, a manifest and a datasheet. Exporting unchanged content
/// returns the newest version and writes nothing.
/// </summary>
public sealed class ExportStage : IPipelineStage
{
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
        var (candidates, skipped) = await LoadCandidatesAsync(catalogue, workspace, context.Progress, cancellationToken);
        var parent = await VersionHistory.NewestAsync(catalogue, includeItems: true, cancellationToken);
        if (candidates.Count == 0)
        {
            return new StageResult(Stage, "nothing to export: no kept person with a label and a face crop", Counts(parent, skipped, written: false))
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

        var splits = SplitAssigner.Assign(
            [.. candidates.Select(c => new SplitCandidate(
                c.ItemId,
                c.Label,
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

        var lines = items.Select(i => VersionIds.ContentLine(i.ItemId, i.Split, i.Label, i.CropSha256)).ToList();
        if (parent is not null && SameContent(lines, parent))
        {
            return new StageResult(Stage, $"version {parent.Id} is up to date ({parent.ItemCount} items); nothing written", Counts(parent, skipped, written: false))
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
            await CountRejectionsAsync(catalogue, cancellationToken));
        context.Progress.Report(new StageProgress(Stage, "write", 0, items.Count));
        var manifestSha = await VersionWriter.WriteAsync(workspace.VersionsDirectory, manifest, items, datasheet, cancellationToken);
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
            Items = [.. items.Select(i => new VersionItemRecord
            {
                VersionId = id,
                ItemId = i.ItemId,
                PersonId = i.PersonId,
                Split = i.Split.ToString(),
                Label = i.Label,
                GroupId = i.Group,
                CropSha256 = i.CropSha256,
                File = i.File,
            })],
        };
        catalogue.Versions.Add(record);
        await catalogue.SaveChangesAsync(cancellationToken);

        var summary = $"version {id} ({items.Count} items, {manifest.Classes.Count} classes; " +
            string.Join(", ", SplitTargets.All.Select(s => $"{VersionManifest.SplitName(s)} {items.Count(i => i.Split == s)}")) +
            (parent is null ? ")" : $"; parent {parent.Id})");
        return new StageResult(Stage, summary, Counts(record, skipped, written: true))
        {
            Artifacts = [Path.Combine(workspace.VersionsDirectory, id)],
        };
    }

    private static async Task<(List<ExportItem> Items, int Skipped)> LoadCandidatesAsync(
        CatalogueDbContext catalogue, DatasetWorkspace workspace, IProgress<StageProgress> progress, CancellationToken cancellationToken)
    {
        var persons = await catalogue.Persons.AsNoTracking()
            .Include(p => p.Photo!).ThenInclude(p => p.Face)
            .Where(p => p.Status == PersonStatus.Kept && !p.Vanished && p.Label != null && p.Label != "" && p.PhotoId != null)
            .OrderBy(p => p.Id)
            .ToListAsync(cancellationToken);
        var items = new List<ExportItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var skipped = 0;
        foreach (var person in persons)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var face = person.Photo?.Face;
            var label = person.Label?.Trim();
            if (face?.CropPath is null || !ContentHash.IsValid(face.CropSha256) || string.IsNullOrEmpty(label))
            {
                continue;
            }

            // Two kept persons with the same crop are one item: the first (lowest id) represents it.
            if (!seen.Add(face.CropSha256!))
            {
                continue;
            }

            var cropFile = Path.GetFullPath(Path.Combine(workspace.Root, face.CropPath));
            if (!File.Exists(cropFile) || await ContentHash.OfFileAsync(cropFile, cancellationToken) != face.CropSha256)
            {
                // A crop that is gone or was rewritten without the catalogue knowing cannot be vouched for by its hash.
                skipped++;
                continue;
            }

            items.Add(new ExportItem(
                VersionIds.Item(face.CropSha256!),
                person.Id,
                person.SourceId,
                label,
                person.GroupId ?? person.Id,
                face.CropSha256!,
                cropFile,
                Split.Train,
                string.Empty));
            progress.Report(new StageProgress(PipelineStage.Export, "select", items.Count, persons.Count));
        }

        return (items, skipped);
    }

    private static bool SameContent(List<string> lines, VersionRecord parent)
    {
        var previous = parent.Items
            .Select(i => VersionIds.ContentLine(i.ItemId, Enum.Parse<Split>(i.Split, ignoreCase: true), i.Label, i.CropSha256))
            .Order(StringComparer.Ordinal);
        return previous.SequenceEqual(lines.Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static VersionManifest BuildManifest(
        string id, string? parentId, DatasetDefinition dataset, DateTime createdAt, List<ExportItem> items)
    {
        var classes = items.Select(i => i.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var counts = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        var ratios = new Dictionary<string, double>();
        foreach (var split in SplitTargets.All)
        {
            var name = VersionManifest.SplitName(split);
            ratios[name] = SplitTargets.RatioOf(dataset.Splits, split);
            var perLabel = new Dictionary<string, int>();
            foreach (var label in classes)
            {
                perLabel[label] = items.Count(i => i.Split == split && i.Label == label);
            }

            counts[name] = perLabel;
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
                i.ItemId, VersionManifest.SplitName(i.Split), i.Label, i.Group, i.File, i.CropSha256))],
        };
    }

    private static async Task<IReadOnlyList<SourceSummary>> SummariseSourcesAsync(
        CatalogueDbContext catalogue, List<ExportItem> items, CancellationToken cancellationToken)
    {
        var sources = await catalogue.Sources.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var persons = await catalogue.Persons.AsNoTracking()
            .Where(p => !p.Vanished)
            .Select(p => new { p.SourceId, p.Status })
            .ToListAsync(cancellationToken);
        return [.. sources.Select(s => new SourceSummary(
            s.Name,
            s.Kind,
            persons.Count(p => p.SourceId == s.Id),
            persons.Count(p => p.SourceId == s.Id && p.Status == PersonStatus.Kept),
            items.Count(i => i.SourceId == s.Id)))];
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

    private static Dictionary<string, long> Counts(VersionRecord? version, int skipped, bool written)
    {
        var items = version?.Items ?? [];
        return new Dictionary<string, long>
        {
            ["items"] = version?.ItemCount ?? 0,
            ["train"] = items.Count(i => i.Split == nameof(Split.Train)),
            ["validation"] = items.Count(i => i.Split == nameof(Split.Validation)),
            ["test"] = items.Count(i => i.Split == nameof(Split.Test)),
            ["classes"] = items.Select(i => i.Label).Distinct(StringComparer.Ordinal).Count(),
            ["skipped"] = skipped,
            ["written"] = written ? 1 : 0,
        };
    }

    private static string RatiosText(SplitRatios ratios) =>
        string.Join('/', SplitTargets.All.Select(s => SplitTargets.RatioOf(ratios, s).ToString("0.###", CultureInfo.InvariantCulture)));

}
