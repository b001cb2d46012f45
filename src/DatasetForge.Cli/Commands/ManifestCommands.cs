using System.CommandLine;
using DatasetForge.Cli.Hosting;
using DatasetForge.Curation.Filters;
using DatasetForge.Manifests;
using Spectre.Console;

namespace DatasetForge.Cli.Commands;

/// <summary>
/// <c>forge manifest check</c>: validates every dataset, source and profile before anything runs; <c>forge manifest roles</c>:
/// prints the built-in academic and non-academic role lists that <c>curation.academicRoles</c> / <c>nonAcademicRoles</c> replace.
/// </summary>
internal static class ManifestCommands
{
    public static Command Create(ForgeRuntime runtime)
    {
        var check = new Command("check", "Validate every manifest and scraper profile; errors name the file, line and field.");
        check.SetAction(result =>
        {
            var paths = CommonOptions.Paths(result);
            var loader = new ManifestLoader();
            var errors = loader.Check(paths.Manifests, paths.Scrapers);
            if (errors.Count > 0)
            {
                runtime.Console.MarkupLine($"[red]{errors.Count} error(s):[/]");
                foreach (var error in errors)
                {
                    runtime.Console.WriteLine("  " + error);
                }

                return CommandErrors.InvalidManifests;
            }

            var datasets = ManifestLoader.FindDatasetDirectories(paths.Manifests);
            var sources = datasets.Sum(d => loader.LoadDataset(d, paths.Scrapers).Sources.Count);
            var profiles = loader.LoadProfiles(paths.Scrapers).Count;
            runtime.Console.MarkupLine($"[green]valid[/]: {datasets.Count} dataset(s), {sources} source(s), {profiles} profile(s)");
            return 0;
        });
        var roles = new Command("roles", "Print the built-in academic and non-academic role lists of the role filter.");
        roles.SetAction(_ =>
        {
            runtime.Console.MarkupLine("[bold]academic[/] (curation.academicRoles replaces this list):");
            runtime.Console.WriteLine("  " + string.Join(", ", RoleClassifier.DefaultAcademicRoles));
            runtime.Console.MarkupLine("[bold]non-academic[/] (curation.nonAcademicRoles replaces this list; rejected with rule non-academic-role):");
            runtime.Console.WriteLine("  " + string.Join(", ", RoleClassifier.DefaultNonAcademicRoles));
            runtime.Console.WriteLine("Matching folds case, umlauts and gender forms; an entry matches the start of a role's words (see README, \"Roles\").");
            return 0;
        });
        return new Command("manifest", "Work with manifests and scraper profiles.") { check, roles };
    }
}
