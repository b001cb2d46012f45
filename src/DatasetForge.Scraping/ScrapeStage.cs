using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Scraping.Browser;
using DatasetForge.Scraping.Extraction;
using DatasetForge.Scraping.Fetching;
using DatasetForge.Scraping.Storage;
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

    private const string HtmlAccept = "text/html,application/xhtml+xml";

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
        var fetcher = new PoliteFetcher(_client, _options, context.Time, _logger);
        try
        {
            await using var browser = new BrowserRenderer(_options);
            var session = new RunSession(context.Time, context.Progress, fetcher, browser, tally) { Context = context, Catalogue = catalogue };
            // Imported sources (CSV, folders, video, IDX) belong to the import stage; only web pages are scraped.
            foreach (var source in context.Dataset.Sources.Where(s => s.Kind == SourceKind.Web))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ScrapeSourceAsync(session, source, cancellationToken);
            }

            tally.Requests = fetcher.Requests;
            tally.NotModified = fetcher.NotModifiedCount;
            tally.HighestDelay = fetcher.HighestDelay;
            var result = tally.ToResult();
            await catalogue.CompleteAsync(run, result, context.UtcNow, cancellationToken);
            return result;
        }
        catch (Exception ex)
        {
            // Whatever was tracked is consistent (whole persons, whole photos): keep it, and close the run's record.
            tally.Requests = fetcher.Requests;
            await catalogue.FailAsync(run, ex, context.UtcNow, ex is OperationCanceledException ? "cancelled; " + tally.ToResult().Summary : null);
            throw;
        }
    }

    /// <summary>Releases the HTTP client (and the default handler).</summary>
    public void Dispose() => _client.Dispose();

    private async Task ScrapeSourceAsync(RunSession session, SourceManifest manifest, CancellationToken cancellationToken)
    {
        var catalogue = session.Catalogue!;
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

        var pages = await PageMemory.LoadAsync(catalogue, session.Context!.Workspace, source.Id, cancellationToken);
        await using var frontier = await CrawlFrontier.OpenAsync(session.Context.Workspace, source.Id, _options.FrontierMaxAge, session.Time, cancellationToken);
        if (frontier.Answered > 0)
        {
            _logger.FrontierResumed(manifest.Name, frontier.Answered, frontier.Pending);
        }
        else if (frontier.Expired)
        {
            Report(session, manifest, $"the frontier of an interrupted crawl was older than {_options.FrontierMaxAge.TotalHours:0.#} h and was dropped; the crawl starts afresh");
        }

        session = session with { Pages = pages, Frontier = frontier };
        var (persons, complete) = await CrawlAsync(session, manifest, cancellationToken);
        await catalogue.SaveChangesAsync(cancellationToken);
        await SavePersonsAsync(session, manifest, source, persons, cancellationToken);

        var seenKeys = persons.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var vanished = 0;
        if (complete)
        {
            var known = await catalogue.Items.Where(p => p.SourceId == source.Id).ToListAsync(cancellationToken);
            foreach (var person in known.Where(p => !seenKeys.Contains(p.Key)))
            {
                person.Vanished = true;
                vanished++;
            }
        }
        else
        {
            Report(session, manifest, "the crawl did not complete, so no person was marked as vanished");
            vanished = await catalogue.Items.CountAsync(p => p.SourceId == source.Id && p.Vanished, cancellationToken);
        }

        tally.Vanished += vanished;
        source.LastScrapedAt = session.Context.UtcNow;
        await catalogue.SaveChangesAsync(cancellationToken);
        // Everything the crawl found is in the catalogue now: the next crawl of this source is a new round.
        tally.Resumed += frontier.Replayed;
        await frontier.CloseAsync(cancellationToken);
        _logger.SourceCompleted(manifest.Name, persons.Count, vanished);
    }

    /// <summary>
    /// Reads every list page of the source (following next links, page numbers and <c>?page=N</c>, up to the cap), then each
    /// profile page when the profile follows them; returns the persons (the first listing per key, a differing label of a later one kept as evidence) and whether every page read cleanly.
    /// </summary>
    private async Task<(List<ExtractedPerson> Persons, bool Complete)> CrawlAsync(
        RunSession session, SourceManifest manifest, CancellationToken cancellationToken)
    {
        var profile = manifest.Scraper;
        var policy = PolicyFor(manifest);
        var byKey = new Dictionary<string, ExtractedPerson>(StringComparer.Ordinal);
        var complete = manifest.Urls.Count > 0;
        if (manifest.Urls.Count == 0)
        {
            Report(session, manifest, "the manifest lists no URL");
        }

        foreach (var start in manifest.Urls)
        {
            var visited = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<Uri>([start]);
            await EnqueueAsync(session, FrontierKinds.Page, [start], cancellationToken);
            var pages = 0;
            while (queue.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var url = queue.Dequeue();
                if (!visited.Add(url.AbsoluteUri))
                {
                    continue;
                }

                if (pages >= profile.MaxPages)
                {
                    complete = false;
                    Report(session, manifest, $"stopped after maxPages = {profile.MaxPages} pages from {start}; {queue.Count + 1} more page link(s) not followed, such as {url}");
                    break;
                }

                var read = await ReadPageAsync(session, manifest, url, policy, cancellationToken);
                if (read.Html is not { } html)
                {
                    if (read.Refused && url != start)
                    {
                        // A page we chose not to fetch (robots.txt, scope) is not a page we failed to read: the crawl stays complete.
                        session.Tally.PagesRefused++;
                        Report(session, manifest, $"page {url} was not fetched: {read.Error}");
                        continue;
                    }

                    session.Tally.PageErrors++;
                    complete = false;
                    Report(session, manifest, $"page {url} could not be read: {read.Error}");
                    continue;
                }

                var page = await PageExtractor.ExtractAsync(html, url, profile.Selectors, cancellationToken);
                if (NoAiOf(read.HeaderNoAi, page.MetaTags) is { } noAi)
                {
                    page = page with { Persons = [.. page.Persons.Select(p => p with { NoAi = $"the page {url} says {noAi}" })] };
                }
                pages++;
                session.Tally.Pages++;
                _logger.PageRead(url, page.ItemCount);
                var pastTheEnd = profile.PageParameter is not null && pages > 1 && page.ItemCount == 0;
                foreach (var problem in pastTheEnd ? [] : page.Problems)
                {
                    session.Tally.SelectorMisses++;
                    Report(session, manifest, problem);
                }

                if (page.Persons.Count == 0 && !pastTheEnd)
                {
                    complete = false;
                }

                var added = page.Persons.Count(person => AddListing(byKey, person));
                var found = page.PageLinks.Where(l => !visited.Contains(l.AbsoluteUri)).ToList();
                if (profile.PageParameter is { } parameter && added > 0)
                {
                    found.Add(PageNumbers.Next(url, parameter, profile.FirstPageNumber));
                }

                foreach (var link in found)
                {
                    queue.Enqueue(link);
                }

                await EnqueueAsync(session, FrontierKinds.Page, found, cancellationToken);

                session.Progress.Report(new StageProgress(PipelineStage.Scrape, $"{manifest.Name}: pages", pages, null));
            }
        }

        var persons = byKey.Values.ToList();
        if (profile.FollowProfile && profile.Selectors.ReadsProfilePage)
        {
            persons = await FollowProfilesAsync(session, manifest, policy, persons, cancellationToken);
        }

        return (persons, complete);
    }

    /// <summary>
    /// Adds a listing to the source's persons; returns whether it is a new person. A person listed again (the same key:
    /// the same profile link, or the same name) keeps the first listing, but a different label there is kept with it as
    /// evidence (<see cref="ExtractedPerson.OtherLabels"/>): which label is right is the reviewer's call, not first-wins.
    /// </summary>
    private static bool AddListing(Dictionary<string, ExtractedPerson> byKey, ExtractedPerson person)
    {
        if (byKey.TryAdd(person.Key, person))
        {
            return true;
        }

        var first = byKey[person.Key];
        var label = person.Label?.Trim();
        if (!string.IsNullOrEmpty(label) && !string.IsNullOrWhiteSpace(first.Label)
            && !string.Equals(label, first.Label.Trim(), StringComparison.Ordinal)
            && !first.OtherLabels.Any(o => string.Equals(o.Label, label, StringComparison.Ordinal)))
        {
            byKey[person.Key] = first with { OtherLabels = [.. first.OtherLabels, (label, person.PageUrl)] };
        }

        return false;
    }

    /// <summary>
    /// Reads each person's profile page: its photo replaces the list's photo, and its role and label (profileRole,
    /// profileLabel) replace the list's, where the page has them; a page that says noai marks the person's photo as not for AI.
    /// </summary>
    private async Task<List<ExtractedPerson>> FollowProfilesAsync(
        RunSession session, SourceManifest manifest, FetchPolicy policy, List<ExtractedPerson> persons, CancellationToken cancellationToken)
    {
        var selectors = manifest.Scraper.Selectors;
        var urls = persons.Where(p => p.ProfileUrl is not null).Select(p => p.ProfileUrl!).DistinctBy(u => u.AbsoluteUri).ToList();
        await EnqueueAsync(session, FrontierKinds.Profile, urls, cancellationToken);
        var fetched = (await FetchPagesAsync(session, manifest, policy, urls, FrontierKinds.Profile, cancellationToken)).ToDictionary(f => f.Url.AbsoluteUri, StringComparer.Ordinal);
        var read = new Dictionary<string, ExtractedProfile>(StringComparer.Ordinal);
        var notForAi = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var page in fetched.Values)
        {
            if (page.Html is null)
            {
                Report(session, manifest, $"profile page {page.Url} could not be read (what the list gives is kept): {page.Error}");
                continue;
            }

            session.Tally.ProfilePages++;
            var profile = await PageExtractor.ExtractProfileAsync(page.Html, page.Url, selectors, cancellationToken);
            read[page.Url.AbsoluteUri] = profile;
            if (NoAiOf(page.Result.NoAi, profile.MetaTags) is { } noAi)
            {
                notForAi[page.Url.AbsoluteUri] = $"the profile page {page.Url} says {noAi}";
            }

            if (profile.Problem is { } problem)
            {
                Report(session, manifest, problem + " (what the list gives is kept)");
            }
        }

        return [.. persons.Select(p =>
        {
            if (p.ProfileUrl is not { } link)
            {
                return p;
            }

            if (read.TryGetValue(link.AbsoluteUri, out var profile))
            {
                // The profile page's own label is the person's one label: the lists' differing labels are no conflict then.
                p = p with { PhotoUrl = profile.Photo ?? p.PhotoUrl, Role = profile.Role ?? p.Role, Label = profile.Label ?? p.Label };
                p = profile.Label is null ? p : p with { OtherLabels = [] };
            }

            return notForAi.TryGetValue(link.AbsoluteUri, out var noAi) ? p with { NoAi = p.NoAi ?? noAi } : p;
        })];
    }

    /// <summary>The "not for AI" directive of a page, from its X-Robots-Tag header or its robots meta tags; null when none.</summary>
    private string? NoAiOf(string? header, IReadOnlyList<(string Name, string Content)> metaTags) =>
        header ?? metaTags.Select(m => AiDirectives.FromMeta(m.Name, m.Content, _options.UserAgent)).FirstOrDefault(d => d is not null);

    private async Task<PageRead> ReadPageAsync(RunSession session, SourceManifest manifest, Uri url, FetchPolicy policy, CancellationToken cancellationToken)
    {
        var profile = manifest.Scraper;
        if (!profile.Browser)
        {
            var page = (await FetchPagesAsync(session, manifest, policy, [url], FrontierKinds.Page, cancellationToken))[0];
            return new PageRead(page.Html, page.Error, page.Result.Refused, page.Result.NoAi);
        }

        if (session.Frontier is { } frontier && await frontier.ReplayAsync(FrontierKinds.Page, url, noAiWithoutBody: false, cancellationToken) is { } rendered)
        {
            return new PageRead(rendered.Body is { } body ? System.Text.Encoding.UTF8.GetString(body) : null, rendered.Error, Refused: false, null);
        }

        var (refusal, overridden) = await session.Fetcher.CheckAsync(url, policy, cancellationToken);
        if (refusal is not null)
        {
            return new PageRead(null, refusal, Refused: true, null);
        }

        if (overridden is not null)
        {
            RecordRobotsOverride(session, manifest, overridden);
        }

        string? html, error;
        try
        {
            (html, error) = await session.Browser.RenderAsync(url, profile, policy.Scope, cancellationToken);
        }
        catch (Microsoft.Playwright.PlaywrightException ex)
        {
            (html, error) = (null, $"the browser failed: {ex.Message.Split('\n')[0]}");
        }

        if (session.Frontier is { } open)
        {
            var body = html is null ? null : System.Text.Encoding.UTF8.GetBytes(html);
            var answer = new FetchResult(url, url, html is null ? null : System.Net.HttpStatusCode.OK, "text/html; charset=utf-8", body, html is null ? error ?? "the browser gave no page" : null);
            await open.RecordAsync(FrontierKinds.Page, url, answer, FrontierBody.Folder, cancellationToken);
        }

        return new PageRead(html, error, Refused: false, null);
    }

    /// <summary>
    /// A polite GET through the source's frontier: an answer an interrupted crawl already got is read from there, and a new
    /// answer is recorded there (its body kept where <paramref name="keep"/> says) before the stage goes on with it.
    /// </summary>
    private async Task<FetchResult> GetAsync(
        RunSession session, string kind, Uri url, FetchPolicy policy, long maxBytes, string accept, Validators? validators,
        Func<FetchResult, FrontierBody> keep, CancellationToken cancellationToken)
    {
        var noAiWithoutBody = kind == FrontierKinds.Photo && !policy.IgnoreNoAi;
        if (session.Frontier is { } frontier && await frontier.ReplayAsync(kind, url, noAiWithoutBody, cancellationToken) is { } replayed)
        {
            return replayed;
        }

        var result = await session.Fetcher.GetAsync(url, policy, maxBytes, accept, validators, cancellationToken);
        if (session.Frontier is { } open)
        {
            await open.RecordAsync(kind, url, result, keep(result), cancellationToken);
        }

        return result;
    }

    private static Task EnqueueAsync(RunSession session, string kind, IReadOnlyCollection<Uri> urls, CancellationToken cancellationToken) =>
        session.Frontier is { } frontier && urls.Count > 0 ? frontier.EnqueueAsync(kind, urls, cancellationToken) : Task.CompletedTask;

    /// <summary>GETs pages in parallel (each host keeping its limits), conditionally where a copy is kept; records them in order.</summary>
    private async Task<PageFetch[]> FetchPagesAsync(
        RunSession session, SourceManifest manifest, FetchPolicy policy, IReadOnlyList<Uri> urls, string kind, CancellationToken cancellationToken)
    {
        var results = new PageFetch[urls.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelFetches, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, urls.Count), parallel, async (i, token) =>
        {
            var url = urls[i];
            var result = await GetAsync(session, kind, url, policy, _options.MaxPageBytes, HtmlAccept, session.Pages?.ValidatorsFor(url), _ => FrontierBody.Folder, token);
            if (result.NotModified && session.Pages is not null && await session.Pages.ReadStoredAsync(url, token) is { } stored)
            {
                results[i] = new PageFetch(url, result, DecodeHtml(result.ContentType, stored), null);
            }
            else
            {
                results[i] = result.Succeeded
                    ? new PageFetch(url, result, DecodeHtml(result.ContentType, result.Body!), null)
                    : new PageFetch(url, result, null, result.Error ?? $"HTTP {(int?)result.Status} without a body for {url}");
            }
        });

        foreach (var page in results)
        {
            if (page.Result.RobotsOverride is { } overridden)
            {
                RecordRobotsOverride(session, manifest, overridden);
            }

            if (page.Html is not null)
            {
                session.Tally.PagesNotModified += page.Result.NotModified ? 1 : 0;
                if (session.Pages is not null)
                {
                    await session.Pages.RememberAsync(page.Url, page.Result, session.UtcNow, cancellationToken);
                }
            }
        }

        return results;
    }

    private void RecordRobotsOverride(RunSession session, SourceManifest manifest, string rule)
    {
        session.Tally.RobotsOverrides++;
        Report(session, manifest, rule);
    }

    private FetchPolicy PolicyFor(SourceManifest manifest) => new(
        CrawlScope.For(manifest),
        manifest.Delay ?? _options.PerHostDelay,
        manifest.Concurrency ?? _options.PerHostConcurrency,
        manifest.IgnoreRobotsTxt,
        manifest.IgnoreNoAi,
        _options.AutoThrottle ? manifest.MaxDelay ?? _options.MaxDelay : null);

    private static string DecodeHtml(string? contentType, byte[] body)
    {
        var charset = contentType is { } type && System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var parsed) ? parsed.CharSet : null;
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

        return encoding.GetString(body);
    }

    private void Report(RunSession session, SourceManifest manifest, string problem)
    {
        var where = manifest.FilePath is null ? manifest.Name : $"{manifest.Name} ({manifest.FilePath})";
        session.Tally.Problems.Add($"{where}: {problem}");
        _logger.Problem(manifest.Name, problem);
    }

    /// <summary>What one run shares across sources. <see cref="Context"/> and <see cref="Catalogue"/> are null in a dry run.</summary>
    private sealed record RunSession(TimeProvider Time, IProgress<StageProgress> Progress, PoliteFetcher Fetcher, BrowserRenderer Browser, ScrapeTally Tally)
    {
        public StageContext? Context { get; init; }

        public CatalogueDbContext? Catalogue { get; init; }

        /// <summary>The current source's pages fetched before, for conditional GET; null in a dry run.</summary>
        public PageMemory? Pages { get; init; }

        /// <summary>The current source's crawl frontier (what is still to fetch, and the answers got so far); null in a dry run.</summary>
        public CrawlFrontier? Frontier { get; init; }

        public DateTime UtcNow => Time.GetUtcNow().UtcDateTime;

        public Dictionary<string, DownloadOutcome> Downloads { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, PhotoRecord> PhotosBySha { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>One list page read: its HTML or why not, whether we chose not to fetch it, and its X-Robots-Tag "not for AI" directive.</summary>
    private sealed record PageRead(string? Html, string? Error, bool Refused, string? HeaderNoAi);

    /// <summary>One page fetched: its HTML (fresh or, after a 304, the kept copy), or why not.</summary>
    private sealed record PageFetch(Uri Url, FetchResult Result, string? Html, string? Error);

    /// <summary>The outcome of downloading one URL: a stored photo, or why not.</summary>
    private sealed record DownloadOutcome(PhotoRecord? Photo, string? Error)
    {
        /// <summary>The rule of the decision when there is no photo: a failed download, or a photo not for AI use.</summary>
        public string Rule { get; init; } = Rules.Download;
    }
}
