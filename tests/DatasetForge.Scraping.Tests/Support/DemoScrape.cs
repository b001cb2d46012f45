using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.DemoSite;
using DatasetForge.DemoSite.Truth;
using DatasetForge.Testing;

namespace DatasetForge.Scraping.Tests.Support;

/// <summary>Builds manifests for the demo site's departments and runs the scrape stage against them.</summary>
public static class DemoScrape
{
    public const string DatasetName = "demo";

    /// <summary>Options for tests: no per-host delay and no retry waits (the site is local), real limits otherwise.</summary>
    public static ScrapeOptions FastOptions { get; } = new()
    {
        PerHostDelay = TimeSpan.Zero,
        RetryDelay = TimeSpan.Zero,
        MaxRetries = 0,
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    public static SourceManifest Manifest(RunningDemoSite site, DemoDepartment department) => new()
    {
        Name = department.Source,
        Dataset = DatasetName,
        Urls = [site.StartUrl(department)],
        Scraper = DemoProfiles.For(department.Layout),
        Label = department.Field,
        Facets = new Dictionary<string, string> { ["university"] = department.University },
    };

    public static DatasetDefinition Dataset(params SourceManifest[] sources) => new()
    {
        Name = DatasetName,
        Label = "field",
        Sources = sources,
    };

    public static DatasetDefinition AllDepartments(RunningDemoSite site) =>
        Dataset([.. site.Departments.Select(d => Manifest(site, d))]);

    public static async Task<StageResult> RunAsync(
        DatasetWorkspace workspace, DatasetDefinition dataset, IProgress<StageProgress>? progress = null, ScrapeOptions? options = null)
    {
        using var stage = new ScrapeStage(options ?? FastOptions);
        var context = new StageContext(dataset, workspace, progress ?? new RecordingProgress<StageProgress>(), TimeProvider.System);
        return await stage.RunAsync(context);
    }
}
