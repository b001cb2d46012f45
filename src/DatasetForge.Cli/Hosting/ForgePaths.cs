namespace DatasetForge.Cli.Hosting;

/// <summary>Where forge finds manifests and profiles and where it writes datasets. Defaults are relative to the current folder.</summary>
public sealed record ForgePaths(string Manifests, string Scrapers, string Workspace)
{
    /// <summary>manifests/, scrapers/ and datasets/ in the current folder (the repository root in the README's commands).</summary>
    public static ForgePaths Default { get; } = new("manifests", "scrapers", "datasets");

    /// <summary>The manifest folder of one dataset.</summary>
    public string DatasetManifests(string dataset) => Path.Combine(Manifests, dataset);
}
