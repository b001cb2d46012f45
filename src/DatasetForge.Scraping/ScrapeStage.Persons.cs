using System.Text.Encodings.Web;
using System.Text.Json;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Scraping.Extraction;
using DatasetForge.Scraping.Fetching;
using DatasetForge.Scraping.Storage;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Scraping;

/// <summary>Recording persons, their photos and the scrape decisions, in batches.</summary>
public sealed partial class ScrapeStage
{
    // Facets are read by people in the catalogue and the report: keep "Südheim" as it is, not as \u00FC escapes.
    private static readonly JsonSerializerOptions FacetsJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string ImageAccept = "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.5";

    private async Task SavePersonsAsync(
        RunSession session, SourceManifest manifest, SourceRecord source, List<ExtractedPerson> extracted, CancellationToken cancellationToken)
    {
        var catalogue = session.Catalogue;
        var known = await catalogue.Persons.Where(p => p.SourceId == source.Id).ToDictionaryAsync(p => p.Key, StringComparer.Ordinal, cancellationToken);
        var facets = JsonSerializer.Serialize(new SortedDictionary<string, string>(
            manifest.Facets.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), StringComparer.Ordinal), FacetsJson);
        var scope = CrawlScope.For(manifest);
        var done = 0;
        foreach (var batch in extracted.Chunk(_options.BatchSize))
        {
            var pending = new List<(PersonRecord Person, Decision Decision)>();
            foreach (var item in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var now = session.Context.UtcNow;
                if (!known.TryGetValue(item.Key, out var person))
                {
                    person = new PersonRecord { Key = item.Key, Name = item.Name, SourceId = source.Id, FirstSeenAt = now };
                    catalogue.Persons.Add(person);
                    known[item.Key] = person;
                    session.Tally.NewPersons++;
                }

                person.Name = item.Name;
                person.Role = item.Role;
                person.ProfileUrl = item.ProfileUrl?.AbsoluteUri;
                person.Label = manifest.Label ?? item.Label;
                person.FacetsJson = facets;
                person.LastSeenAt = now;
                person.Vanished = false;
                pending.Add((person, await DecidePhotoAsync(session, manifest, scope, person, item, cancellationToken)));
                session.Tally.Persons++;
                session.Context.Progress.Report(new StageProgress(PipelineStage.Scrape, $"{manifest.Name}: persons", ++done, extracted.Count));
            }

            // Save first so new persons have ids, then record (or leave unchanged) their decisions.
            await catalogue.SaveChangesAsync(cancellationToken);
            await RecordDecisionsAsync(session, pending, cancellationToken);
            await catalogue.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task<Decision> DecidePhotoAsync(
        RunSession session, SourceManifest manifest, CrawlScope scope, PersonRecord person, ExtractedPerson item, CancellationToken cancellationToken)
    {
        var tally = session.Tally;
        var url = item.PhotoUrl?.AbsoluteUri;
        if (url is null)
        {
            person.PhotoUrl = null;
            person.PhotoId = null;
            person.Photo = null;
            tally.NoPhoto++;
            return new Decision(Rules.NoPhoto, DecisionOutcome.Rejected, $"{item.PageUrl} lists no photo for this person");
        }

        // Incremental: the same URL with its blob still in the store is not fetched again.
        if (!_options.RecheckPhotos && person.PhotoUrl == url && person.PhotoId is { } photoId
            && await FindPhotoAsync(session, photoId, cancellationToken) is { } stored
            && File.Exists(session.Context.Workspace.BlobPath(stored.Sha256)))
        {
            return Stored(session, person, stored, url);
        }

        person.PhotoUrl = url;
        if (!session.Downloads.TryGetValue(url, out var outcome))
        {
            outcome = await DownloadAsync(session, scope, item.PhotoUrl!, cancellationToken);
            session.Downloads[url] = outcome;
        }

        if (outcome.Photo is null)
        {
            person.PhotoId = null;
            person.Photo = null;
            tally.Failed++;
            LogMessages.DownloadFailed(_logger, person.Name, outcome.Error!);
            return new Decision(Rules.Download, DecisionOutcome.Rejected, outcome.Error!);
        }

        return Stored(session, person, outcome.Photo, url);
    }

    private static Decision Stored(RunSession session, PersonRecord person, PhotoRecord photo, string url)
    {
        person.Photo = photo;
        session.Tally.Downloaded++;
        session.Tally.PhotoHashes.Add(photo.Sha256);
        return new Decision(Rules.Download, DecisionOutcome.Kept, $"{url}: {photo.ContentType}, {photo.Length} bytes, sha256 {photo.Sha256}");
    }

    private static async Task<PhotoRecord?> FindPhotoAsync(RunSession session, int photoId, CancellationToken cancellationToken)
    {
        var cached = session.PhotosBySha.Values.FirstOrDefault(p => p.Id == photoId);
        if (cached is not null)
        {
            return cached;
        }

        var photo = await session.Catalogue.Photos.FirstOrDefaultAsync(p => p.Id == photoId, cancellationToken);
        if (photo is not null)
        {
            session.PhotosBySha[photo.Sha256] = photo;
        }

        return photo;
    }

    private async Task<DownloadOutcome> DownloadAsync(RunSession session, CrawlScope scope, Uri url, CancellationToken cancellationToken)
    {
        var result = await session.Fetcher.GetAsync(url, scope, _options.MaxPhotoBytes, ImageAccept, cancellationToken);
        if (!result.Succeeded)
        {
            return new DownloadOutcome(null, $"could not download {url}: {result.Error}");
        }

        var bytes = result.Body!;
        var detected = ImageSignature.Detect(bytes);
        if (!PoliteFetcher.IsImageContentType(result.ContentType) || detected is null)
        {
            var served = result.ContentType ?? "no content type";
            return new DownloadOutcome(null, detected is null
                ? $"{url} (HTTP {(int?)result.Status}) is not an image: {served}, and its bytes are not JPEG, PNG, GIF or WebP"
                : $"{url} (HTTP {(int?)result.Status}) is served as {served}, not as an image");
        }

        session.Tally.Fetched++;
        var sha = ContentHash.Of(bytes);
        await BlobStore.PutAsync(session.Context.Workspace, sha, bytes, cancellationToken);
        if (!session.PhotosBySha.TryGetValue(sha, out var photo))
        {
            photo = await session.Catalogue.Photos.FirstOrDefaultAsync(p => p.Sha256 == sha, cancellationToken);
            if (photo is null)
            {
                photo = new PhotoRecord
                {
                    Sha256 = sha,
                    Url = url.AbsoluteUri,
                    ContentType = detected,
                    Length = bytes.LongLength,
                    FetchedAt = session.Context.UtcNow,
                };
                session.Catalogue.Photos.Add(photo);
            }

            session.PhotosBySha[sha] = photo;
        }

        return new DownloadOutcome(photo, null);
    }

    private static async Task RecordDecisionsAsync(
        RunSession session, List<(PersonRecord Person, Decision Decision)> pending, CancellationToken cancellationToken)
    {
        var stage = DecisionLog.StageName(PipelineStage.Scrape);
        var ids = pending.Select(p => p.Person.Id).ToList();
        var existing = await session.Catalogue.Decisions
            .Where(d => d.Stage == stage && d.SubjectKind == SubjectKinds.Person && ids.Contains(d.SubjectId))
            .ToListAsync(cancellationToken);
        var bySubject = existing.ToLookup(d => d.SubjectId);
        var now = session.Context.UtcNow;
        foreach (var (person, decision) in pending)
        {
            var current = bySubject[person.Id].ToList();
            var unchanged = current.Count == 1 && current[0].Rule == decision.Rule
                && current[0].Outcome == decision.Outcome.ToString() && current[0].Reason == decision.Reason;
            if (!unchanged)
            {
                await session.Catalogue.ReplaceAsync(PipelineStage.Scrape, SubjectKinds.Person, person.Id, [decision], now, cancellationToken);
            }
        }
    }
}
