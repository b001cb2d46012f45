using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Testing;

namespace DatasetForge.Scraping.Tests.Support;

/// <summary>Builds manifests for pages served by a <see cref="FixtureServer"/> and runs the scrape stage on them.</summary>
public static class FixtureScrape
{
    /// <summary>A small, distinct, JPEG-signed body per name (the scraper checks magic bytes, not pixels).</summary>
    public static byte[] Jpeg(string name) => [0xFF, 0xD8, 0xFF, 0xE0, .. System.Text.Encoding.UTF8.GetBytes("fixture photo of " + name), 0xFF, 0xD9];

    public static SourceManifest Source(FixtureServer site, string path, SelectorSet selectors, string? label = "cs", Func<ScraperProfile, ScraperProfile>? tune = null,
        bool ignoreRobots = false, IReadOnlyList<string>? allowedHosts = null, bool ignoreNoAi = false)
    {
        var profile = new ScraperProfile { Name = "fixture", Selectors = selectors };
        return new SourceManifest
        {
            Name = "fixture",
            Dataset = DemoScrape.DatasetName,
            Urls = [site.Url(path)],
            Scraper = tune is null ? profile : tune(profile),
            Label = label,
            IgnoreRobotsTxt = ignoreRobots,
            IgnoreNoAi = ignoreNoAi,
            AllowedHosts = allowedHosts ?? [site.BaseUrl.Authority],
        };
    }

    public static async Task<StageResult> RunAsync(DatasetWorkspace workspace, SourceManifest source, ScrapeOptions? options = null, TimeProvider? time = null)
    {
        using var stage = new ScrapeStage(options ?? DemoScrape.FastOptions);
        var context = new StageContext(DemoScrape.Dataset(source), workspace, new RecordingProgress<StageProgress>(), time ?? TimeProvider.System);
        return await stage.RunAsync(context);
    }

    public static async Task<ScrapePreview> PreviewAsync(SourceManifest source, ScrapeOptions? options = null)
    {
        using var stage = new ScrapeStage(options ?? DemoScrape.FastOptions);
        return await stage.PreviewAsync(source);
    }
}
