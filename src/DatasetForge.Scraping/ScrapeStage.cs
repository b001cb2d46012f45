using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Scraping.Browser;
using DatasetForge.Scraping.Extraction;
using DatasetForge.Scraping.Fetching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DatasetForge.Scraping;

/// <summary>
/// The scrape stage: reads each source's staff pages (fetched, or rendered in Chromium), records every person and
/// downloads each photo once into the content-addressed store. Failures become decisions; the run goes on.
/// </summary>
public sealed partial class ScrapeStage : IPipelineStage, IDisposable
{
    private readonly ScrapeOptions _options;
    private readonly HttpClient _client;
    private readonly ILogger _logger;

    /// <summary>Creates the stage.</summary>
    /// <param name="options">Politeness and limits; null for the defaults.</param>
    /// <param name="handler">
    /// The HTTP handler to send requests through (tests, proxies); null for a default one. It must not follow redirects
    /// itself: the stage follows them and checks each hop against the crawl scope and robots.txt.
    /// </param>
    /// <param name="logger">Where problems and progress are logged; null for none.</param>
    public ScrapeStage(ScrapeOptions? options = null, HttpMessageHandler? handler = null, ILogger<ScrapeStage>? logger = null)
    {
        _options = options ?? new ScrapeOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _client = new HttpClient(handler ?? PoliteFetcher.CreateDefaultHandler(), disposeHandler: handler is null)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <inheritdoc />
    public PipelineStage Stage => PipelineStage.Scrape;

    /// <inheritdoc />
    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Workspace.EnsureCreated();
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(context.Workspace, cancellationToken);
        var run = await catalogue.StartAsync(PipelineStage.Scrape, context.UtcNow, cancellationToken);
        var tally = new ScrapeTally();
        try
        {
            var fetcher = new PoliteFetcher(_client, _options, context.Time, _logger);
            await using var browser = new BrowserRenderer(_options);
            var session = new RunSession(context, catalogue, fetcher, browser, tally);
            foreach (var source in context.Dataset.Sources)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ScrapeSourceAsync(session, source, cancellationToken);
            }

            var result = tally.ToResult();
            await catalogue.CompleteAsync(run, result, context.UtcNow, cancellationToken);
            return result;
        }
        catch (Exception ex)
        {
            // Whatever was tracked is consistent (whole persons, whole photos): keep it, and close the run's record.
            await catalogue.FailAsync(run, ex, context.UtcNow, ex is OperationCanceledException ? "cancelled; " + tally.ToResult().Summary : null);
            throw;
        }
    }

    /// <summary>Releases the HTTP client (and the default handler).</summary>
    public void Dispose() => _client.Dispose();

    private async Task ScrapeSourceAsync(RunSession session, SourceManifest manifest, CancellationToken cancellationToken)
    {
        var catalogue = session.Catalogue;
        var tally = session.Tally;
        tally.Sources++;
        _logger.SourceStarted(manifest.Name, manifest.Urls.Count, manifest.Scraper.Name);
        var source = await catalogue.Sources.FirstOrDefaultAsync(s => s.Name == manifest.Name, cancellationToken);
        if (source is null)
        {
            source = new SourceRecord { Name = manifest.Name, Kind = manifest.Kind.ToString().ToLowerInvariant() };
            catalogue.Sources.Add(source);
        }

        source.Kind = manifest.Kind.ToString().ToLowerInvariant();
        source.ManifestPath = manifest.FilePath;
        await catalogue.SaveChangesAsync(cancellationToken);

        var (persons, complete) = await CrawlAsync(session, manifest, cancellationToken);
        await SavePersonsAsync(session, manifest, source, persons, cancellationToken);

        var seenKeys = persons.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var vanished = 0;
        if (complete)
        {
            var known = await catalogue.Persons.Where(p => p.SourceId == source.Id).ToListAsync(cancellationToken);
            foreach (var person in known.Where(p => !seenKeys.Contains(p.Key)))
            {
                person.Vanished = true;
                vanished++;
            }
        }
        else
        {
            Report(session, manifest, "the crawl did not complete, so no person was marked as vanished");
            vanished = await catalogue.Persons.CountAsync(p => p.SourceId == source.Id && p.Vanished, cancellationToken);
        }

        tally.Vanished += vanished;
        source.LastScrapedAt = session.Context.UtcNow;
        await catalogue.SaveChangesAsync(cancellationToken);
        _logger.SourceCompleted(manifest.Name, persons.Count, vanished);
    }

    /// <summary>Reads every page of the source; returns the persons (first listing wins per key) and whether every page read cleanly.</summary>
    private async Task<(List<ExtractedPerson> Persons, bool Complete)> CrawlAsync(
        RunSession session, SourceManifest manifest, CancellationToken cancellationToken)
    {
        var profile = manifest.Scraper;
        var scope = CrawlScope.For(manifest);
        var byKey = new Dictionary<string, ExtractedPerson>(StringComparer.Ordinal);
        var complete = manifest.Urls.Count > 0;
        if (manifest.Urls.Count == 0)
        {
            Report(session, manifest, "the manifest lists no URL");
        }

        foreach (var start in manifest.Urls)
        {
            var visited = new HashSet<string>(StringComparer.Ordinal);
            var url = start;
            var pages = 0;
            while (url is not null && pages < profile.MaxPages && visited.Add(url.AbsoluteUri))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (html, error) = await ReadPageAsync(session, url, profile, scope, cancellationToken);
                if (html is null)
                {
                    session.Tally.PageErrors++;
                    complete = false;
                    Report(session, manifest, $"page {url} could not be read: {error}");
                    break;
                }

                var page = await PageExtractor.ExtractAsync(html, url, profile.Selectors, cancellationToken);
                pages++;
                session.Tally.Pages++;
                _logger.PageRead(url, page.ItemCount);
                foreach (var problem in page.Problems)
                {
                    session.Tally.SelectorMisses++;
                    Report(session, manifest, problem);
                }

                if (page.Persons.Count == 0)
                {
                    complete = false;
                }

                foreach (var person in page.Persons)
                {
                    byKey.TryAdd(person.Key, person);
                }

                session.Context.Progress.Report(new StageProgress(PipelineStage.Scrape, $"{manifest.Name}: pages", pages, null));
                url = page.NextPage;
            }
        }

        return ([.. byKey.Values], complete);
    }

    private async Task<(string? Html, string? Error)> ReadPageAsync(
        RunSession session, Uri url, ScraperProfile profile, CrawlScope scope, CancellationToken cancellationToken)
    {
        if (profile.Browser)
        {
            if (await session.Fetcher.CheckAsync(url, scope, cancellationToken) is { } refusal)
            {
                return (null, refusal);
            }

            try
            {
                return await session.Browser.RenderAsync(url, profile.WaitFor ?? profile.Selectors.Item, scope, cancellationToken);
            }
            catch (Microsoft.Playwright.PlaywrightException ex)
            {
                return (null, $"the browser failed: {ex.Message.Split('\n')[0]}");
            }
        }

        var result = await session.Fetcher.GetAsync(url, scope, _options.MaxPageBytes, "text/html,application/xhtml+xml", cancellationToken);
        if (!result.Succeeded)
        {
            return (null, result.Error);
        }

        return (DecodeHtml(result), null);
    }

    private static string DecodeHtml(FetchResult result)
    {
        var charset = result.ContentType is { } type && System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var parsed) ? parsed.CharSet : null;
        var encoding = System.Text.Encoding.UTF8;
        if (!string.IsNullOrWhiteSpace(charset))
        {
            try
            {
                encoding = System.Text.Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: UTF-8 is the web's default and the best guess.
            }
        }

        return encoding.GetString(result.Body!);
    }

    private void Report(RunSession session, SourceManifest manifest, string problem)
    {
        var where = manifest.FilePath is null ? manifest.Name : $"{manifest.Name} ({manifest.FilePath})";
        session.Tally.Problems.Add($"{where}: {problem}");
        _logger.Problem(manifest.Name, problem);
    }

    /// <summary>What one run shares across sources.</summary>
    private sealed record RunSession(
        StageContext Context, CatalogueDbContext Catalogue, PoliteFetcher Fetcher, BrowserRenderer Browser, ScrapeTally Tally)
    {
        public Dictionary<string, DownloadOutcome> Downloads { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, PhotoRecord> PhotosBySha { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>The outcome of downloading one URL: a stored photo, or why not.</summary>
    private sealed record DownloadOutcome(PhotoRecord? Photo, string? Error);
}
