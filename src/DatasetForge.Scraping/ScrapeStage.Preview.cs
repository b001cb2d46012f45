using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Scraping.Browser;
using DatasetForge.Scraping.Fetching;

namespace DatasetForge.Scraping;

/// <summary>The dry run: the same crawl and extraction as a real run, but nothing is downloaded or written.</summary>
public sealed partial class ScrapeStage
{
    /// <summary>
    /// Reads the source's list pages (and profile pages, when followed) politely and returns what would be recorded, without
    /// touching a catalogue, the image store or any file; photos are not downloaded. For tuning a manifest in a minute.
    /// </summary>
    public async Task<ScrapePreview> PreviewAsync(SourceManifest manifest, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var tally = new ScrapeTally();
        var fetcher = new PoliteFetcher(_client, _options, time ?? TimeProvider.System, _logger);
        await using var browser = new BrowserRenderer(_options);
        var session = new RunSession(time ?? TimeProvider.System, new Progress<StageProgress>(), fetcher, browser, tally);
        var (persons, _) = await CrawlAsync(session, manifest, cancellationToken);
        var labelled = persons.Select(p => p with { Label = manifest.Label ?? p.Label }).ToList();
        return new ScrapePreview(manifest.Name, labelled, tally.Pages, tally.Problems) { Requests = fetcher.Requests };
    }
}
