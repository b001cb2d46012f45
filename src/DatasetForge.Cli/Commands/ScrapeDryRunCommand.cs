using System.CommandLine;
using DatasetForge.Cli.Hosting;
using DatasetForge.Manifests;
using DatasetForge.Scraping;
using Spectre.Console;

namespace DatasetForge.Cli.Commands;

/// <summary>
/// <c>forge scrape --dry-run &lt;manifest.yaml&gt;</c>: reads one source's pages and prints what would be extracted (name, role,
/// label, photo URL) and every problem, writing nothing, so a manifest can be tuned in a minute.
/// </summary>
internal static class ScrapeDryRunCommand
{
    public static Option<string?> DryRun { get; } = new("--dry-run")
    {
        Description = "Print what one source manifest (a .yaml file) would extract (name, role, label, photo URL), writing nothing.",
    };

    /// <summary>Runs the dry run for the manifest named by <paramref name="result"/>.</summary>
    public static Task<int> RunAsync(ForgeRuntime runtime, ParseResult result, CancellationToken token) =>
        CommandErrors.HandleAsync(runtime.Console, async () =>
        {
            var paths = CommonOptions.Paths(result);
            var manifest = new ManifestLoader().LoadSource(result.GetValue(DryRun)!, paths.Scrapers);
            using var stage = new ScrapeStage();
            var preview = await stage.PreviewAsync(manifest, runtime.Time, token);
            var table = new Table().AddColumns("#", "name", "role", "label", "photo URL");
            var row = 0;
            foreach (var person in preview.Persons)
            {
                table.AddRow(
                    (++row).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(person.Name),
                    Markup.Escape(person.Role ?? "-"),
                    Markup.Escape(person.Label ?? "-"),
                    Markup.Escape(person.PhotoUrl?.AbsoluteUri ?? "-"));
            }

            runtime.Console.Write(table);
            runtime.Console.WriteLine(
                $"{preview.Source}: {preview.Persons.Count} persons, {preview.Persons.Count(p => p.PhotoUrl is not null)} with a photo URL, "
                + $"{preview.Persons.Select(p => p.Label).Distinct().Count()} label(s), from {preview.Pages} page(s) ({preview.Requests} requests); nothing was written.");
            foreach (var problem in preview.Problems)
            {
                runtime.Console.MarkupLine($"[yellow]problem:[/] {Markup.Escape(problem)}");
            }

            return preview.Persons.Count == 0 ? CommandErrors.Failed : 0;
        });
}
