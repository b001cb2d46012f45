using System.Text.Encodings.Web;
using System.Text.Json;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Images;
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
        var catalogue = session.Catalogue!;
        var known = await catalogue.Items.Include(p => p.Photo).Where(p => p.SourceId == source.Id)
            .ToDictionaryAsync(p => p.Key, StringComparer.Ordinal, cancellationToken);
        // Persons removed for good (forge forget) are never recorded again; a takedown keeps only the sha256 of the key.
        var forgotten = (await catalogue.Takedowns.AsNoTracking()
                .Where(t => t.Kind == "person" && t.SourceName == source.Name && t.PersonKey != null)
                .Select(t => t.PersonKey!)
                .ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var facets = JsonSerializer.Serialize(new SortedDictionary<string, string>(
            manifest.Facets.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), StringComparer.Ordinal), FacetsJson);
        var policy = PolicyFor(manifest);
        var done = 0;
        foreach (var batch in extracted.Chunk(_options.BatchSize))
        {
            var pending = new List<(ItemRecord Person, ExtractedPerson Item, PhotoPlan Plan)>();
            foreach (var item in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var now = session.UtcNow;
                if (forgotten.Count > 0 && forgotten.Contains(ContentHash.OfText(item.Key)))
                {
                    continue;
                }

                if (!known.TryGetValue(item.Key, out var person))
                {
                    person = new ItemRecord { Key = item.Key, Kind = ItemKinds.Person, Name = item.Name, SourceId = source.Id, FirstSeenAt = now };
                    catalogue.Items.Add(person);
                    known[item.Key] = person;
                    session.Tally.NewPersons++;
                }

                person.Name = item.Name;
                person.Person = item.Role is null && item.ProfileUrl is null
                    ? null
                    : new PersonDetails { Role = item.Role, ProfileUrl = item.ProfileUrl?.AbsoluteUri };
                person.Label = manifest.Label ?? item.Label;
                person.FacetsJson = facets;
                person.LastSeenAt = now;
                person.Vanished = false;
                if (item.NoAi is { } noAi && item.PhotoUrl is not null && manifest.IgnoreNoAi)
                {
                    session.Tally.NoAiOverrides++;
                    Report(session, manifest, noAi + "; its photo is used anyway because the manifest sets ignoreNoAi");
                }

                pending.Add((person, item, await PlanPhotoAsync(session, person, item, manifest.IgnoreNoAi, cancellationToken)));
            }

            // The network part runs in parallel (each host keeping its own limit and delay); the catalogue part stays in order.
            await DownloadAllAsync(session, policy, pending.Select(p => p.Plan).Where(p => p.Fetch), cancellationToken);
            var decisions = new List<(ItemRecord Person, IReadOnlyList<Decision> Decisions)>();
            foreach (var (person, item, plan) in pending)
            {
                var photo = DecidePhoto(session, person, item, plan);
                var conflict = LabelConflictOf(manifest, item);
                decisions.Add((person, conflict is null ? [photo] : [photo, conflict]));
                session.Tally.LabelConflicts += conflict is null ? 0 : 1;
                session.Tally.Persons++;
                session.Progress.Report(new StageProgress(PipelineStage.Scrape, $"{manifest.Name}: persons", ++done, extracted.Count));
            }

            // Save first so new persons have ids, then record (or leave unchanged) their decisions: one transaction, in
            // which the decision log's new rows are inserted at once, so the batch's persons and decisions land together.
            await using var transaction = await catalogue.Database.BeginTransactionAsync(cancellationToken);
            await catalogue.SaveChangesAsync(cancellationToken);
            await RecordDecisionsAsync(session, decisions, cancellationToken);
            await catalogue.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The flagged decision when the source lists the person more than once with different labels (two department pages of
    /// one manifest): both labels and their pages, as the evidence curate's <see cref="Rules.LabelConflict"/> rests on.
    /// None when the manifest gives every person one label.
    /// </summary>
    private static Decision? LabelConflictOf(SourceManifest manifest, ExtractedPerson item)
    {
        if (manifest.Label is not null || item.OtherLabels.Count == 0 || string.IsNullOrWhiteSpace(item.Label))
        {
            return null;
        }

        var listings = string.Join(", ", new[] { (Label: item.Label.Trim(), item.PageUrl) }.Concat(item.OtherLabels).Select(l => $"'{l.Label}' on {l.PageUrl}"));
        return new Decision(Rules.LabelConflict, DecisionOutcome.Flagged,
            $"the source lists the same person with different labels ({listings}); the first is kept in the catalogue until a reviewer sets the right one",
            item.OtherLabels.Count + 1);
    }

    /// <summary>What to do about a person's photo: nothing (no URL, or a stored copy with nothing to ask with), or a (conditional) GET.</summary>
    private async Task<PhotoPlan> PlanPhotoAsync(RunSession session, ItemRecord person, ExtractedPerson item, bool ignoreNoAi, CancellationToken cancellationToken)
    {
        if (item.PhotoUrl is not { } url)
        {
            return new PhotoPlan(null, null, null, Fetch: false);
        }

        if (item.NoAi is { } noAi && !ignoreNoAi)
        {
            // The page says its photos are not for AI: not downloaded at all.
            return new PhotoPlan(url, null, null, Fetch: false) { NoAi = noAi + "; the photo is not used" };
        }

        var stored = person.PhotoUrl == url.AbsoluteUri && person.PhotoId is { } photoId
            ? await FindPhotoAsync(session, photoId, cancellationToken)
            : null;
        if (stored is not null && !File.Exists(session.Context!.Workspace.BlobPath(stored.Sha256)))
        {
            stored = null;
        }

        var validators = stored is null ? null : new Validators(stored.ETag, stored.LastModified);
        if (stored is not null && validators is { Any: false } && !_options.RecheckPhotos)
        {
            // Incremental: the same URL with its blob still in the store, and no validator to ask the server with.
            return new PhotoPlan(url, stored, null, Fetch: false);
        }

        return new PhotoPlan(url, stored, validators is { Any: true } ? validators : null, Fetch: !session.Downloads.ContainsKey(url.AbsoluteUri));
    }

    private async Task DownloadAllAsync(RunSession session, FetchPolicy policy, IEnumerable<PhotoPlan> plans, CancellationToken cancellationToken)
    {
        var distinct = plans.DistinctBy(p => p.Url!.AbsoluteUri).ToList();
        await EnqueueAsync(session, FrontierKinds.Photo, [.. distinct.Select(p => p.Url!)], cancellationToken);
        var results = new FetchedPhoto[distinct.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelFetches, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, distinct.Count), parallel, async (i, token) =>
        {
            results[i] = await FetchPhotoAsync(session, policy, distinct[i], token);
        });

        foreach (var (plan, fetched) in distinct.Zip(results))
        {
            if (fetched.Result?.RobotsOverride is { } overridden)
            {
                session.Tally.RobotsOverrides++;
                session.Tally.Problems.Add(overridden);
            }

            if (fetched.NoAiOverride is { } noAiOverride)
            {
                session.Tally.NoAiOverrides++;
                session.Tally.Problems.Add(noAiOverride);
            }

            session.Downloads[plan.Url!.AbsoluteUri] = await ToOutcomeAsync(session, plan, fetched, cancellationToken);
        }
    }

    /// <summary>The network and disk part of a download: GET, check the bytes are an image, store the blob. Runs in parallel.</summary>
    private async Task<FetchedPhoto> FetchPhotoAsync(RunSession session, FetchPolicy policy, PhotoPlan plan, CancellationToken cancellationToken)
    {
        var url = plan.Url!;
        var result = await GetAsync(session, FrontierKinds.Photo, url, policy, _options.MaxPhotoBytes, ImageAccept, plan.Validators, answer => answer switch
        {
            // A photo that says noai is never stored, not even for the frontier; an image goes where it would go anyway.
            { NoAi: not null } when !policy.IgnoreNoAi => FrontierBody.None,
            { Body: { } body } when PoliteFetcher.IsImageContentType(answer.ContentType) && ImageSignature.Detect(body) is not null => FrontierBody.ContentStore,
            _ => FrontierBody.Folder,
        }, cancellationToken);
        if (result.NotModified)
        {
            // The copy is unchanged, but the site may have said noai since: a 304's X-Robots-Tag counts like a 200's.
            return result.NoAi is not { } notModifiedNoAi ? new FetchedPhoto(result, null, null, null)
                : !policy.IgnoreNoAi ? new FetchedPhoto(result, null, null, $"{url} says {notModifiedNoAi} (not for AI use, answered 304 Not Modified); the stored copy is not used") { NoAi = true }
                : new FetchedPhoto(result, null, null, null) { NoAiOverride = $"{url} says {notModifiedNoAi}; the stored copy is used anyway because the manifest sets ignoreNoAi" };
        }

        if (!result.Succeeded)
        {
            return new FetchedPhoto(result, null, null, $"could not download {url}: {result.Error}");
        }

        string? noAiOverride = null;
        if (result.NoAi is { } noAi)
        {
            if (!policy.IgnoreNoAi)
            {
                return new FetchedPhoto(result, null, null, $"{url} says {noAi} (not for AI use); not stored") { NoAi = true };
            }

            noAiOverride = $"{url} says {noAi}; stored anyway because the manifest sets ignoreNoAi";
        }

        var bytes = result.Body!;
        var detected = ImageSignature.Detect(bytes);
        if (!PoliteFetcher.IsImageContentType(result.ContentType) || detected is null)
        {
            var served = result.ContentType ?? "no content type";
            return new FetchedPhoto(result, null, null, detected is null
                ? $"{url} (HTTP {(int?)result.Status}) is not an image: {served}, and its bytes are not JPEG, PNG, GIF or WebP"
                : $"{url} (HTTP {(int?)result.Status}) is served as {served}, not as an image");
        }

        var sha = ContentHash.Of(bytes);
        await BlobStore.PutAsync(session.Context!.Workspace, sha, bytes, cancellationToken);
        return new FetchedPhoto(result, sha, detected, null) { NoAiOverride = noAiOverride };
    }

    /// <summary>The catalogue part of a download, in order: find or add the photo record by sha256, keep its validators.</summary>
    private static async Task<DownloadOutcome> ToOutcomeAsync(RunSession session, PhotoPlan plan, FetchedPhoto fetched, CancellationToken cancellationToken)
    {
        var now = session.UtcNow;
        if (fetched.NoAi)
        {
            return new DownloadOutcome(null, fetched.Error!) { Rule = Rules.NoAi };
        }

        if (fetched.Result is { NotModified: true } && plan.Stored is { } unchanged)
        {
            unchanged.LastCheckedAt = now;
            return new DownloadOutcome(unchanged, null);
        }

        if (fetched.Sha256 is not { } sha)
        {
            return new DownloadOutcome(null, fetched.Error ?? $"could not download {plan.Url}: HTTP {(int?)fetched.Result?.Status} without a body");
        }

        // A photo removed for good (forge forget) is not kept, whoever links to it.
        if (await session.Catalogue!.Takedowns.AnyAsync(t => t.Sha256 == sha, cancellationToken))
        {
            File.Delete(session.Context!.Workspace.BlobPath(sha));
            return new DownloadOutcome(null, $"{plan.Url} is a photo that was taken down (forge forget, sha256 {sha}); not stored");
        }

        session.Tally.Fetched++;
        if (!session.PhotosBySha.TryGetValue(sha, out var photo))
        {
            photo = await session.Catalogue!.Photos.FirstOrDefaultAsync(p => p.Sha256 == sha, cancellationToken);
            if (photo is null)
            {
                photo = new PhotoRecord
                {
                    Sha256 = sha,
                    Url = plan.Url!.AbsoluteUri,
                    ContentType = fetched.ContentType!,
                    Length = fetched.Result!.Body!.LongLength,
                    FetchedAt = now,
                };
                session.Catalogue.Photos.Add(photo);
            }

            session.PhotosBySha[sha] = photo;
        }

        photo.ETag = fetched.Result!.ETag;
        photo.LastModified = fetched.Result.LastModified;
        photo.LastCheckedAt = now;
        return new DownloadOutcome(photo, null);
    }

    private Decision DecidePhoto(RunSession session, ItemRecord person, ExtractedPerson item, PhotoPlan plan)
    {
        var tally = session.Tally;
        if (plan.Url is not { } url)
        {
            person.PhotoUrl = null;
            person.PhotoId = null;
            person.Photo = null;
            tally.NoPhoto++;
            return new Decision(Rules.NoPhoto, DecisionOutcome.Rejected, $"{item.PageUrl} lists no photo for this person");
        }

        var previous = person.PhotoId is null ? null : person.Photo?.Sha256;
        person.PhotoUrl = url.AbsoluteUri;
        if (plan.NoAi is { } noAi)
        {
            person.PhotoId = null;
            person.Photo = null;
            tally.NoAi++;
            return new Decision(Rules.NoAi, DecisionOutcome.Rejected, noAi);
        }

        var outcome = !plan.Fetch && !session.Downloads.ContainsKey(url.AbsoluteUri) && plan.Stored is { } stored
            ? new DownloadOutcome(stored, null)
            : session.Downloads[url.AbsoluteUri];
        if (outcome.Photo is null)
        {
            person.PhotoId = null;
            person.Photo = null;
            if (outcome.Rule == Rules.NoAi)
            {
                tally.NoAi++;
            }
            else
            {
                tally.Failed++;
                LogMessages.DownloadFailed(_logger, person.Name, outcome.Error!);
            }

            return new Decision(outcome.Rule, DecisionOutcome.Rejected, outcome.Error!);
        }

        if (previous is not null && previous != outcome.Photo.Sha256)
        {
            tally.ChangedPhotos++;
        }

        return Stored(session, person, outcome.Photo, url.AbsoluteUri);
    }

    private static Decision Stored(RunSession session, ItemRecord person, PhotoRecord photo, string url)
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

        var photo = await session.Catalogue!.Photos.FirstOrDefaultAsync(p => p.Id == photoId, cancellationToken);
        if (photo is not null)
        {
            session.PhotosBySha[photo.Sha256] = photo;
        }

        return photo;
    }

    /// <summary>A person's photo: its URL, the copy stored for that URL before, the validators to ask with, and whether to GET it.</summary>
    private sealed record PhotoPlan(Uri? Url, PhotoRecord? Stored, Validators? Validators, bool Fetch)
    {
        /// <summary>Why the photo is not used at all (its page says noai); null when it may be.</summary>
        public string? NoAi { get; init; }
    }

    /// <summary>What the network part of one download gave.</summary>
    private sealed record FetchedPhoto(FetchResult? Result, string? Sha256, string? ContentType, string? Error)
    {
        /// <summary>Whether the photo's X-Robots-Tag says it is not for AI use (and the manifest does not override that).</summary>
        public bool NoAi { get; init; }

        /// <summary>Set when the photo says noai and the manifest's ignoreNoAi let it through: what was overridden, in words.</summary>
        public string? NoAiOverride { get; init; }
    }

    private static async Task RecordDecisionsAsync(
        RunSession session, List<(ItemRecord Person, IReadOnlyList<Decision> Decisions)> pending, CancellationToken cancellationToken)
    {
        var catalogue = session.Catalogue!;
        var stage = DecisionLog.StageName(PipelineStage.Scrape);
        var ids = pending.Select(p => p.Person.Id).ToList();
        var existing = await catalogue.Decisions
            .Where(d => d.Stage == stage && d.SubjectKind == SubjectKinds.Person && ids.Contains(d.SubjectId))
            .ToListAsync(cancellationToken);
        var bySubject = existing.ToLookup(d => d.SubjectId);
        var changed = new List<KeyValuePair<int, IReadOnlyList<Decision>>>();
        foreach (var (person, decisions) in pending)
        {
            var current = bySubject[person.Id].OrderBy(d => d.Rule, StringComparer.Ordinal).ToList();
            var wanted = decisions.OrderBy(d => d.Rule, StringComparer.Ordinal).ToList();
            var unchanged = current.Count == wanted.Count && current.Zip(wanted).All(p => p.First.Rule == p.Second.Rule
                && p.First.Outcome == p.Second.Outcome.ToString() && p.First.Reason == p.Second.Reason);
            if (!unchanged)
            {
                changed.Add(new(person.Id, decisions));
            }
        }

        // One query for the batch's changed persons, not one per person (the caller holds the batch's transaction).
        await catalogue.ReplaceManyAsync(PipelineStage.Scrape, SubjectKinds.Person, changed, session.UtcNow, cancellationToken);
    }
}
