using System.CommandLine;
using System.Globalization;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Cli.Hosting;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;
using DatasetForge.Export.Versions;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace DatasetForge.Cli.Commands;

/// <summary>
/// <c>forge versions list | show &lt;id&gt; | diff &lt;a&gt; &lt;b&gt;</c>: the exported versions of a dataset, one version with
/// its counts and a verification of its files against the recorded hashes, and what changed between two versions.
/// </summary>
internal static class VersionsCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "A version id (or a unique prefix of one)." };

    private static readonly Argument<string> From = new("a") { Description = "The older version (id or unique prefix)." };

    private static readonly Argument<string> To = new("b") { Description = "The newer version (id or unique prefix)." };

    public static Command Create(ForgeRuntime runtime)
    {
        var list = new Command("list", "List the dataset's versions, newest first.") { CommonOptions.Dataset };
        list.SetAction((result, token) => WithCatalogueAsync(runtime, result, async (_, catalogue) =>
        {
            var versions = await catalogue.Versions.AsNoTracking().ToListAsync(token);
            if (versions.Count == 0)
            {
                runtime.Console.WriteLine("No version exported yet.");
                return 0;
            }

            var table = new Table().AddColumns("id", "parent", "created (UTC)", "items", "ratios", "seed");
            foreach (var v in versions.OrderByDescending(v => v.CreatedAt).ThenBy(v => v.Id, StringComparer.Ordinal))
            {
                table.AddRow(v.Id, v.ParentId ?? "-", v.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), v.ItemCount.ToString(CultureInfo.InvariantCulture), v.Ratios, v.Seed.ToString(CultureInfo.InvariantCulture));
            }

            runtime.Console.Write(table);
            return 0;
        }));

        var show = new Command("show", "Show one version: counts per split and label, and a check of every file against its recorded sha256.") { CommonOptions.Dataset, Id };
        show.SetAction((result, token) => WithCatalogueAsync(runtime, result, async (workspace, catalogue) =>
        {
            var version = await FindAsync(catalogue, result.GetValue(Id)!, token);
            var items = await ItemsAsync(catalogue, version.Id, token);
            runtime.Console.MarkupLine($"[bold]version {Markup.Escape(version.Id)}[/] of {Markup.Escape(workspace.Name)}");
            runtime.Console.WriteLine($"  parent:  {version.ParentId ?? "none"}");
            runtime.Console.WriteLine($"  created: {version.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC; seed {version.Seed}; ratios {version.Ratios}");
            runtime.Console.WriteLine($"  folder:  {Path.Combine(workspace.Root, version.Path)}");
            PrintCounts(runtime.Console, VersionComparer.Counts(items));
            var folds = await VersionFolds.ReadAsync(Path.Combine(workspace.Root, version.Path), token);
            if (folds is not null)
            {
                runtime.Console.WriteLine($"  folds:   {VersionFolds.Count(folds)} (folds.csv, {folds.Count} items)");
            }

            var verification = await VersionVerifier.VerifyAsync(workspace, version, cancellationToken: token);
            if (verification.IsIntact)
            {
                runtime.Console.MarkupLine($"[green]verified[/]: {verification.FilesChecked} files match their recorded sha256; no group straddles two splits");
                return 0;
            }

            runtime.Console.MarkupLine($"[red]NOT intact[/]: {verification.Problems.Count} problem(s); the trainer will refuse this version:");
            foreach (var problem in verification.Problems)
            {
                runtime.Console.WriteLine("  " + problem);
            }

            return CommandErrors.Failed;
        }));

        var diff = new Command("diff", "What changed from version a to version b: items added, removed, moved between splits (a leak) or relabelled.") { CommonOptions.Dataset, From, To };
        diff.SetAction((result, token) => WithCatalogueAsync(runtime, result, async (_, catalogue) =>
        {
            var a = await FindAsync(catalogue, result.GetValue(From)!, token);
            var b = await FindAsync(catalogue, result.GetValue(To)!, token);
            var difference = VersionComparer.Compare(a.Id, await ItemsAsync(catalogue, a.Id, token), b.Id, await ItemsAsync(catalogue, b.Id, token));
            runtime.Console.MarkupLine($"[bold]{Markup.Escape(a.Id)} → {Markup.Escape(b.Id)}[/]: {difference.Added} added, {difference.Removed} removed, {difference.MovedSplit} moved split, {difference.Relabelled} relabelled");
            foreach (var example in difference.MovedExamples)
            {
                runtime.Console.MarkupLine($"  [red]moved[/] {Markup.Escape(example)}");
            }

            foreach (var example in difference.RelabelledExamples)
            {
                runtime.Console.WriteLine($"  relabelled {example}");
            }

            var table = new Table().AddColumns("split", "label", a.Id, b.Id, "change");
            foreach (var split in difference.CountsFrom.Keys.Union(difference.CountsTo.Keys).Order(StringComparer.Ordinal))
            {
                var before = difference.CountsFrom.GetValueOrDefault(split) ?? new Dictionary<string, int>();
                var after = difference.CountsTo.GetValueOrDefault(split) ?? new Dictionary<string, int>();
                foreach (var label in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
                {
                    var x = before.GetValueOrDefault(label);
                    var y = after.GetValueOrDefault(label);
                    table.AddRow(split, Markup.Escape(label), x.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture), (y - x).ToString("+0;-0;0", CultureInfo.InvariantCulture));
                }
            }

            runtime.Console.Write(table);
            return difference.MovedSplit == 0 ? 0 : CommandErrors.Failed;
        }));

        return new Command("versions", "List, show (and verify) and compare the exported versions of a dataset.") { list, show, diff };
    }

    private static Task<int> WithCatalogueAsync(
        ForgeRuntime runtime, ParseResult result, Func<DatasetWorkspace, CatalogueDbContext, Task<int>> action) =>
        CommandErrors.HandleAsync(runtime.Console, async () =>
        {
            var paths = CommonOptions.Paths(result);
            var workspace = paths.WorkspaceOf(result.GetValue(CommonOptions.Dataset)!);
            if (!Catalogue.Catalogue.Exists(workspace))
            {
                throw new InvalidOperationException($"No catalogue at {Catalogue.Catalogue.Describe(workspace)}: nothing was scraped or exported for '{workspace.Name}' in '{paths.Workspace}'.");
            }

            await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
            return await action(workspace, catalogue);
        });

    private static async Task<VersionRecord> FindAsync(CatalogueDbContext catalogue, string id, CancellationToken cancellationToken)
    {
        var matches = await catalogue.Versions.AsNoTracking().Where(v => v.Id.StartsWith(id)).ToListAsync(cancellationToken);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new InvalidOperationException($"No version '{id}'; `forge versions list` shows them."),
            _ => matches.SingleOrDefault(v => v.Id == id)
                ?? throw new InvalidOperationException($"'{id}' matches {matches.Count} versions ({string.Join(", ", matches.Select(v => v.Id))}); give more of the id."),
        };
    }

    private static Task<List<VersionItemRecord>> ItemsAsync(CatalogueDbContext catalogue, string id, CancellationToken cancellationToken) =>
        catalogue.VersionItems.AsNoTracking().Where(i => i.VersionId == id).ToListAsync(cancellationToken);

    private static void PrintCounts(IAnsiConsole console, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> counts)
    {
        var splits = new[] { "train", "validation", "test", VersionComparer.AllSplits }.Where(counts.ContainsKey).ToList();
        var labels = counts.Values.SelectMany(c => c.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var table = new Table().AddColumn("label");
        splits.ForEach(s => table.AddColumn(s));
        foreach (var label in labels)
        {
            table.AddRow([Markup.Escape(label), .. splits.Select(s => counts[s].GetValueOrDefault(label).ToString(CultureInfo.InvariantCulture))]);
        }

        console.Write(table);
    }
}
