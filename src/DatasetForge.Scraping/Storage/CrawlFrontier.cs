using System.Net;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Workspace;
using DatasetForge.Scraping.Fetching;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Scraping.Storage;

/// <summary>
/// The frontier of one source's crawl, kept in the catalogue (<see cref="FrontierRequestRecord"/>) as Crawlee's request queue
/// or Scrapy's JOBDIR keep theirs: every list page, profile page and photo the crawl found, pending until fetched, then done
/// with the server's answer (status, validators, noai directive, error, and the body by sha256: pages in the frontier folder,
/// photos in the content store). Each answer is committed as soon as it comes, through a catalogue connection of its own, so a
/// crawl killed at any point loses only what was in flight. The next crawl of the source replays the answers that are done
/// instead of asking again, and so builds the same persons, pages and decisions a clean crawl would; a crawl that completes
/// deletes its frontier, so the next round starts a fresh one. Safe to call from several tasks at once.
/// </summary>
internal sealed class CrawlFrontier : IAsyncDisposable
{
    private readonly CatalogueDbContext _catalogue;
    private readonly DatasetWorkspace _workspace;
    private readonly TimeProvider _time;
    private readonly int _sourceId;
    private readonly Dictionary<(string Kind, string Url), FrontierRequestRecord> _requests;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _replayed;

    private CrawlFrontier(
        CatalogueDbContext catalogue, DatasetWorkspace workspace, TimeProvider time, int sourceId, List<FrontierRequestRecord> requests)
    {
        _catalogue = catalogue;
        _workspace = workspace;
        _time = time;
        _sourceId = sourceId;
        _requests = requests.ToDictionary(r => (r.Kind, r.Url));
        // Every request of the crawl stays tracked (each answer updates its own record): with automatic change detection,
        // each commit would compare every tracked record, which made a crawl's N commits cost O(N^2). RecordAsync marks the
        // one record it changed instead; Add marks a new one.
        _catalogue.ChangeTracker.AutoDetectChangesEnabled = false;
        Answered = requests.Count(r => r.State == FrontierStates.Done);
        Pending = requests.Count - Answered;
    }

    /// <summary>Answers the frontier held when it was opened: more than zero when this crawl resumes an interrupted one.</summary>
    public int Answered { get; }

    /// <summary>Requests found but not yet fetched when the frontier was opened.</summary>
    public int Pending { get; }

    /// <summary>Whether an interrupted crawl's frontier was found too old to resume, and dropped.</summary>
    public bool Expired { get; private init; }

    /// <summary>Answers read from the frontier instead of the server so far.</summary>
    public int Replayed => Volatile.Read(ref _replayed);

    /// <summary>The folder holding the bodies of the pages of <paramref name="sourceId"/>'s frontier.</summary>
    public static string FolderOf(DatasetWorkspace workspace, int sourceId) =>
        Path.Combine(workspace.Root, "frontier", sourceId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Opens the frontier of <paramref name="sourceId"/>: the one an interrupted crawl left (unless nothing happened on it for
    /// longer than <paramref name="maxAge"/>: then it is dropped and a fresh one starts), or an empty one.
    /// </summary>
    public static async Task<CrawlFrontier> OpenAsync(
        DatasetWorkspace workspace, int sourceId, TimeSpan maxAge, TimeProvider time, CancellationToken cancellationToken)
    {
        // A connection of its own: an answer commits alone, never with half a batch of the stage's persons.
        var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, cancellationToken);
        try
        {
            var requests = await catalogue.FrontierRequests.Where(r => r.SourceId == sourceId).ToListAsync(cancellationToken);
            var expired = false;
            if (requests.Count > 0)
            {
                var last = requests.Max(r => r.DoneAt ?? r.QueuedAt);
                if (time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(last, DateTimeKind.Utc) > maxAge)
                {
                    await catalogue.FrontierRequests.Where(r => r.SourceId == sourceId).ExecuteDeleteAsync(cancellationToken);
                    DeleteFolder(workspace, sourceId);
                    catalogue.ChangeTracker.Clear();
                    requests = [];
                    expired = true;
                }
            }

            return new CrawlFrontier(catalogue, workspace, time, sourceId, requests) { Expired = expired };
        }
        catch
        {
            await catalogue.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds <paramref name="urls"/> the frontier does not hold yet as pending requests of <paramref name="kind"/>.</summary>
    public async Task EnqueueAsync(string kind, IEnumerable<Uri> urls, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow().UtcDateTime;
            var added = false;
            foreach (var url in urls)
            {
                if (!_requests.ContainsKey((kind, url.AbsoluteUri)))
                {
                    var request = new FrontierRequestRecord { SourceId = _sourceId, Kind = kind, Url = url.AbsoluteUri, State = FrontierStates.Pending, QueuedAt = now };
                    _requests[(kind, url.AbsoluteUri)] = request;
                    _catalogue.FrontierRequests.Add(request);
                    added = true;
                }
            }

            if (added)
            {
                await _catalogue.SaveChangesAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The answer an earlier crawl got for <paramref name="url"/>, as the fetcher gave it, or null when there is none to
    /// replay (not fetched yet, or its body is no longer on disk). <paramref name="noAiWithoutBody"/>: a photo that said noai
    /// was not stored, and needs no body to be refused again.
    /// </summary>
    public async Task<FetchResult?> ReplayAsync(string kind, Uri url, bool noAiWithoutBody, CancellationToken cancellationToken)
    {
        FrontierRequestRecord? request;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_requests.TryGetValue((kind, url.AbsoluteUri), out request) || request.State != FrontierStates.Done)
            {
                return null;
            }
        }
        finally
        {
            _gate.Release();
        }

        byte[]? body = null;
        if (request.Sha256 is { } sha)
        {
            var path = new[] { FolderPath(sha), _workspace.BlobPath(sha) }.FirstOrDefault(File.Exists);
            if (path is null)
            {
                return null;
            }

            body = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        else if (request.Error is null && request.Status != (int)HttpStatusCode.NotModified)
        {
            // A success whose body was not kept: only a photo that says noai, which is refused again without it.
            if (!(noAiWithoutBody && request.NoAi is not null))
            {
                return null;
            }

            body = [];
        }

        Interlocked.Increment(ref _replayed);
        var final = request.FinalUrl is { } finalUrl ? new Uri(finalUrl) : url;
        return new FetchResult(url, final, (HttpStatusCode?)request.Status, request.ContentType, body, request.Error)
        {
            ETag = request.ETag,
            LastModified = request.LastModified,
            NoAi = request.NoAi,
            RobotsOverride = request.RobotsOverride,
        };
    }

    /// <summary>
    /// Records the answer to <paramref name="url"/> and commits it. A refusal (robots.txt, scope) is not an answer and is not
    /// recorded: it is decided again next time. The body is kept (<paramref name="keep"/>) before the record commits, so a
    /// done request always finds its body.
    /// </summary>
    public async Task RecordAsync(string kind, Uri url, FetchResult result, FrontierBody keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Refused)
        {
            return;
        }

        string? sha = null;
        if (result.Body is { } body && keep != FrontierBody.None)
        {
            sha = ContentHash.Of(body);
            if (keep == FrontierBody.ContentStore)
            {
                await ContentStore.PutAsync(_workspace, sha, body, cancellationToken);
            }
            else
            {
                await ContentStore.PutFileAsync(FolderPath(sha), sha, body, flushToDisk: false, cancellationToken);
            }
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_requests.TryGetValue((kind, url.AbsoluteUri), out var request))
            {
                request = new FrontierRequestRecord { SourceId = _sourceId, Kind = kind, Url = url.AbsoluteUri, State = FrontierStates.Pending, QueuedAt = _time.GetUtcNow().UtcDateTime };
                _requests[(kind, url.AbsoluteUri)] = request;
                _catalogue.FrontierRequests.Add(request);
            }

            request.State = FrontierStates.Done;
            request.DoneAt = _time.GetUtcNow().UtcDateTime;
            request.FinalUrl = result.FinalUrl.AbsoluteUri == url.AbsoluteUri ? null : result.FinalUrl.AbsoluteUri;
            request.Status = (int?)result.Status;
            request.ContentType = result.ContentType;
            request.ETag = result.ETag;
            request.LastModified = result.LastModified;
            request.NoAi = result.NoAi;
            request.RobotsOverride = result.RobotsOverride;
            request.Error = result.Error;
            request.Sha256 = sha;
            request.Length = result.Body?.LongLength;
            _catalogue.Entry(request).DetectChanges();
            // Not the request's token: an answer that came is worth keeping even when the run is being stopped.
            await _catalogue.SaveChangesAsync(CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The crawl completed: deletes its requests and the bodies kept for them, so the next crawl starts afresh.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _catalogue.FrontierRequests.Where(r => r.SourceId == _sourceId).ExecuteDeleteAsync(cancellationToken);
            _requests.Clear();
            DeleteFolder(_workspace, _sourceId);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _catalogue.DisposeAsync();
        _gate.Dispose();
    }

    private string FolderPath(string sha256) => Path.Combine(FolderOf(_workspace, _sourceId), sha256[..2], sha256);

    private static void DeleteFolder(DatasetWorkspace workspace, int sourceId)
    {
        var folder = FolderOf(workspace, sourceId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>Where the frontier keeps the body of an answer.</summary>
internal enum FrontierBody
{
    /// <summary>Not kept (a photo that says noai is never stored).</summary>
    None,

    /// <summary>In the frontier's own folder, deleted with it (pages; a photo that is not an image).</summary>
    Folder,

    /// <summary>In the content store, where the photo goes anyway.</summary>
    ContentStore,
}
