using System.Reflection;

namespace DatasetForge.Cli.Tests;

/// <summary>The repository's manifests and scrapers, found through the RepositoryRoot assembly metadata.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Path.GetFullPath(typeof(RepositoryPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!);

    public static string Manifests => Path.Combine(Root, "manifests");

    public static string Scrapers => Path.Combine(Root, "scrapers");
}
