using System.CommandLine;
using DatasetForge.Catalogue;
using DatasetForge.Cli.Hosting;

namespace DatasetForge.Cli.Commands;

/// <summary>Options shared by every command: where manifests, profiles and datasets live, and which dataset.</summary>
internal static class CommonOptions
{
    public static Option<string> Manifests { get; } = new("--manifests")
    {
        Description = "Folder of dataset manifests (one sub-folder per dataset).",
        HelpName = "folder",
        DefaultValueFactory = _ => ForgePaths.Default.Manifests,
        Recursive = true,
    };

    public static Option<string> Scrapers { get; } = new("--scrapers")
    {
        Description = "Folder of scraper profiles.",
        HelpName = "folder",
        DefaultValueFactory = _ => ForgePaths.Default.Scrapers,
        Recursive = true,
    };

    public static Option<string> Workspace { get; } = new("--workspace")
    {
        Description = "Folder that holds each dataset's catalogue, images, versions, runs and reports.",
        HelpName = "folder",
        DefaultValueFactory = _ => ForgePaths.Default.Workspace,
        Recursive = true,
    };

    public static Option<string> Catalogue { get; } = new("--catalogue")
    {
        Description = "Where the catalogue lives: 'sqlite' (a file in the dataset's folder, the default) or a PostgreSQL URL "
            + "(postgres://user:password@host:5432/database) or connection string. Default: $DATASETFORGE_CATALOGUE, else dataset.yaml's catalogue:.",
        Recursive = true,
    };

    public static Option<string> Dataset { get; } = new("--dataset", "-d")
    {
        Description = "The dataset (its folder under --manifests).",
        HelpName = "name",
        DefaultValueFactory = _ => "demo",
    };

    public static Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Show every counter in the counts table, zeros included.",
        Recursive = true,
    };

    public static Option<bool> NoWait { get; } = new("--no-wait")
    {
        Description = "When another process holds the dataset's lease, exit at once (code 75) naming it instead of waiting for it.",
        Recursive = true,
    };

    public static ForgePaths Paths(ParseResult result) => new(
        result.GetValue(Manifests)!,
        result.GetValue(Scrapers)!,
        result.GetValue(Workspace)!,
        result.GetValue(Catalogue) is { Length: > 0 } catalogue ? catalogue : Environment.GetEnvironmentVariable(CatalogueLocation.EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
}
