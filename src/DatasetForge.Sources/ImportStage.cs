using System.Text.Encodings.Web;
using System.Text.Json;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Sources.Images;
using DatasetForge.Sources.Reading;
using DatasetForge.Sources.Stage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DatasetForge.Sources;

/// <summary>
/// The import stage: brings existing datasets (CSV + folder, folder per class, labels in file names, video frames, IDX)
/// into the catalogue as a scraped staff member would be: one person per item (keyed by its stable id), its photo
/// stored once by sha256, its facets and label. Incremental and idempotent; a bad item is a rejected decision naming
/// its file and line, and the run goes on.
/// </summary>
public sealed class ImportStage : IPipelineStage
{
    /// <summary>The rule of every import decision.</summary>
    public const string ImportRule = "import";

    /// <summary>The rule that flags the items of an unlabelled source (a test set kept for predictions).</summary>
    public const string UnlabelledRule = "unlabelled";

    // Facets are read by people in the catalogue and the report: keep non-ASCII text as it is.
    private static readonly JsonSerializerOptions FacetsJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string StageName = DecisionLog.StageName(PipelineStage.Import);

    private readonly ImportOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the stage.</summary>
    /// <param name="options">Limits and batching; null for the defaults.</param>
    /// <param name="logger">Where problems and progress are logged; null for none.</param>
    public ImportStage(ImportOptions? options = null, ILogger<ImportStage>? logger = null)
    {
        _options = options ?? new ImportOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public PipelineStage Stage => PipelineStage.Import;

    /// <inheritdoc />
    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sources = context.Dataset.Sources.Where(s => s.Kind != SourceKind.Web).ToList();
        var tally = new ImportTally();
        if (sources.Count == 0)
        {
            // A dataset of web pages only: nothing to open, nothing to record.
            return tally.ToResult();
        }

        context.Workspace.EnsureCreated();
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(context.Workspace, cancellationToken);
        var run = await catalogue.StartAsync(PipelineStage.Import, context.UtcNow, cancellationToken);
        try
        {
            foreach (var source in sources)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ImportSourceAsync(context, catalogue, source, tally, cancellationToken);
            }

            var result = tally.ToResult();
            await catalogue.CompleteAsync(run, result, context.UtcNow, cancellationToken);
            return result;
        }
        catch (Exception e)
        {
            // Every saved batch is whole (persons, photos, decisions together): keep it; the next run resumes.
            // Unsaved changes of the failed batch go; the run row is attached again by FailAsync.
            catalogue.ChangeTracker.Clear();
            await catalogue.FailAsync(run, e, context.UtcNow, e is OperationCanceledException ? "cancelled; " + tally.ToResult().Summary : null);
            throw;
        }
    }

    private static ISourceReader ReaderFor(SourceKind kind) => kind switch
    {
        SourceKind.Csv => new CsvSourceReader(),
        SourceKind.Folder => new FolderSourceReader(),
        SourceKind.Filename => new FileNameSourceReader(),
        SourceKind.Video => new VideoSourceReader(),
        SourceKind.Idx => new IdxSourceReader(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "web sources are scraped, not imported"),
    };

    private async Task ImportSourceAsync(StageContext context, CatalogueDbContext catalogue, SourceManifest manifest, ImportTally tally, CancellationToken cancellationToken)
    {
        if (manifest.Import is null)
        {
            Report(tally, manifest, "the manifest has no import settings");
            tally.FailedSources++;
            return;
        }

        tally.Sources++;
        var kind = manifest.Kind.ToString().ToLowerInvariant();
        _logger.SourceStarted(manifest.Name, kind);
        var source = await catalogue.Sources.FirstOrDefaultAsync(s => s.Name == manifest.Name, cancellationToken);
        if (source is null)
        {
            source = new SourceRecord { Name = manifest.Name, Kind = kind };
            catalogue.Sources.Add(source);
        }

        source.Kind = kind;
        source.ManifestPath = manifest.FilePath;
        await catalogue.SaveChangesAsync(cancellationToken);
        var sourceId = source.Id;

        var session = new SourceSession(context, catalogue, manifest, sourceId, tally)
        {
            // Persons removed for good (forge forget) never come back; a takedown keeps only the sha256 of the key.
            ForgottenKeys = (await catalogue.Takedowns.AsNoTracking()
                    .Where(t => t.Kind == "person" && t.SourceName == manifest.Name && t.PersonKey != null)
                    .Select(t => t.PersonKey!)
                    .ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal),
            TakenDownPhotos = (await catalogue.Takedowns.AsNoTracking()
                    .Where(t => t.Sha256 != null)
                    .Select(t => t.Sha256!)
                    .ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal),
        };
        var before = (tally.New, tally.Changed, tally.Rejected);
        var complete = true;
        try
        {
            var batch = new List<ImportItem>(_options.BatchSize);
            await foreach (var item in ReaderFor(manifest.Kind).ReadAsync(manifest, context.Dataset, warning => Report(tally, manifest, warning), cancellationToken))
            {
                batch.Add(item);
                if (batch.Count >= _options.BatchSize)
                {
                    await ImportBatchAsync(session, batch, cancellationToken);
                    batch.Clear();
                }
            }

            await ImportBatchAsync(session, batch, cancellationToken);
        }
        catch (ImportSourceException e)
        {
            complete = false;
            tally.FailedSources++;
            Report(tally, manifest, e.Message + "; nothing of this source was marked as vanished");
        }

        var vanished = complete ? await MarkVanishedAsync(session, cancellationToken) : 0;
        tally.Vanished += vanished;
        var record = await catalogue.Sources.FirstAsync(s => s.Id == sourceId, cancellationToken);
        record.LastScrapedAt = context.UtcNow;
        await catalogue.SaveChangesAsync(cancellationToken);
        catalogue.ChangeTracker.Clear();
        _logger.SourceCompleted(manifest.Name, session.Seen.Count, tally.New - before.New, tally.Changed - before.Changed, tally.Rejected - before.Rejected, vanished);
    }

    private async Task ImportBatchAsync(SourceSession session, List<ImportItem> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var catalogue = session.Catalogue;
        var keys = batch.Select(i => i.Key).Distinct(StringComparer.Ordinal).ToList();
        var persons = await catalogue.Items.Include(p => p.Photo)
            .Where(p => p.SourceId == session.SourceId && keys.Contains(p.Key))
            .ToDictionaryAsync(p => p.Key, StringComparer.Ordinal, cancellationToken);
        var personIds = persons.Values.Select(p => p.Id).ToList();
        var decisions = (await catalogue.Decisions
                .Where(d => d.Stage == StageName && d.SubjectKind == SubjectKinds.Person && personIds.Contains(d.SubjectId))
                .ToListAsync(cancellationToken))
            .ToLookup(d => d.SubjectId);

        // Reading, hashing, decoding and storing run in parallel; the catalogue part below stays in order.
        var prepared = new Prepared[batch.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), parallel, async (i, token) =>
        {
            var person = persons.GetValueOrDefault(batch[i].Key);
            var keptBefore = person is not null && decisions[person.Id].Any(d => d.Rule == ImportRule && d.Outcome == nameof(DecisionOutcome.Kept));
            prepared[i] = await PrepareAsync(session, batch[i], keptBefore ? person!.Photo : null, token);
        });

        var shas = prepared.Where(p => p.Sha256 is not null).Select(p => p.Sha256!).Distinct(StringComparer.Ordinal).ToList();
        var photos = await catalogue.Photos.Where(p => shas.Contains(p.Sha256)).ToDictionaryAsync(p => p.Sha256, StringComparer.Ordinal, cancellationToken);
        var now = session.Context.UtcNow;
        var pending = new List<(ItemRecord Person, List<Decision> Decisions)>();
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            if (!session.Seen.Add(item.Key) || (session.ForgottenKeys.Count > 0 && session.ForgottenKeys.Contains(ContentHash.OfText(item.Key))))
            {
                continue;
            }

            session.Tally.Items++;
            if (!persons.TryGetValue(item.Key, out var person))
            {
                person = new ItemRecord { Key = item.Key, Kind = ItemKinds.ForSource(session.Manifest.Kind.ToString().ToLowerInvariant()), Name = item.Key, SourceId = session.SourceId, FirstSeenAt = now };
                catalogue.Items.Add(person);
                persons[item.Key] = person;
                session.Tally.New++;
            }

            pending.Add((person, Apply(session, person, item, prepared[i], photos, now)));
        }

        // Save first so new persons have ids, then record (or leave unchanged) their decisions.
        await catalogue.SaveChangesAsync(cancellationToken);
        foreach (var (person, wanted) in pending)
        {
            RecordDecisions(catalogue, person.Id, decisions[person.Id].ToList(), wanted, now);
        }

        await catalogue.SaveChangesAsync(cancellationToken);
        // Keep the change tracker small: 70,000 tracked persons would make every save scan them all.
        catalogue.ChangeTracker.Clear();
        session.Context.Progress.Report(new StageProgress(PipelineStage.Import, $"{session.Manifest.Name}: items", session.Seen.Count, null));
    }

    private async Task<Prepared> PrepareAsync(SourceSession session, ImportItem item, PhotoRecord? keptPhoto, CancellationToken cancellationToken)
    {
        if (item.Problem is { } problem)
        {
            return new Prepared(null, null, 0, problem);
        }

        byte[] bytes;
        try
        {
            bytes = await item.Load!(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OpenCvSharp.OpenCVException)
        {
            return new Prepared(null, null, 0, $"{item.Location} could not be read: {e.Message}");
        }

        if (bytes.LongLength > _options.MaxImageBytes)
        {
            return new Prepared(null, null, bytes.LongLength, $"{item.Location} has {bytes.LongLength} bytes, over the limit of {_options.MaxImageBytes}");
        }

        var sha = ContentHash.Of(bytes);
        if (session.TakenDownPhotos.Contains(sha))
        {
            return new Prepared(null, null, bytes.LongLength, $"{item.Location} is a photo that was taken down (forge forget, sha256 {sha}); not stored");
        }

        var blob = session.Context.Workspace.BlobPath(sha);
        // Incremental: the same bytes as the photo kept last time, still in the store, need no second decode.
        if (keptPhoto is not null && keptPhoto.Sha256 == sha && new FileInfo(blob) is { Exists: true } stored && stored.Length == bytes.LongLength)
        {
            return new Prepared(sha, keptPhoto.ContentType, bytes.LongLength, null);
        }

        var (contentType, imageProblem) = ImageCheck.Inspect(bytes, _options.MaxPixels);
        if (contentType is null)
        {
            return new Prepared(null, null, bytes.LongLength, $"{item.Location} {imageProblem}");
        }

        await ContentStore.PutAsync(session.Context.Workspace, sha, bytes, _options.FlushToDisk, cancellationToken);
        return new Prepared(sha, contentType, bytes.LongLength, null);
    }

    private static List<Decision> Apply(SourceSession session, ItemRecord person, ImportItem item, Prepared prepared, Dictionary<string, PhotoRecord> photos, DateTime now)
    {
        var manifest = session.Manifest;
        var (facets, label, facetProblem) = FacetRules.Apply(manifest, session.Context.Dataset, item.Facets);
        var existed = person.Id != 0;
        person.Name = item.Key;
        person.Person = null;
        person.PhotoUrl = item.Url;
        person.Label = label;
        person.FacetsJson = JsonSerializer.Serialize(facets, FacetsJson);
        person.LastSeenAt = now;
        person.Vanished = false;
        var decisions = new List<Decision>();
        if (manifest.Unlabelled)
        {
            session.Tally.Unlabelled++;
            decisions.Add(new Decision(UnlabelledRule, DecisionOutcome.Flagged, $"{manifest.Name} is an unlabelled source: kept for predictions, never in a version"));
        }

        var problem = prepared.Problem ?? (facetProblem is null ? null : $"{item.Location}: {facetProblem}");
        if (problem is not null)
        {
            if (person.PhotoId is not null)
            {
                session.Tally.Changed += existed ? 1 : 0;
            }

            person.PhotoId = null;
            person.Photo = null;
            session.Tally.Rejected++;
            decisions.Insert(0, new Decision(ImportRule, DecisionOutcome.Rejected, problem));
            return decisions;
        }

        var sha = prepared.Sha256!;
        if (!photos.TryGetValue(sha, out var photo))
        {
            photo = new PhotoRecord { Sha256 = sha, Url = item.Url, ContentType = prepared.ContentType!, Length = prepared.Length, FetchedAt = now };
            session.Catalogue.Photos.Add(photo);
            photos[sha] = photo;
            session.Tally.Stored++;
        }

        if (existed && person.Photo?.Sha256 != sha)
        {
            session.Tally.Changed++;
        }
        else if (existed)
        {
            session.Tally.Unchanged++;
        }

        person.Photo = photo;
        decisions.Insert(0, new Decision(ImportRule, DecisionOutcome.Kept, $"{item.Location}: {photo.ContentType}, {prepared.Length} bytes, sha256 {sha}"));
        return decisions;
    }

    /// <summary>Like <see cref="DecisionLog.ReplaceAsync"/>, but against decisions loaded for the whole batch, and touching only what changed.</summary>
    private static void RecordDecisions(CatalogueDbContext catalogue, int personId, List<DecisionRecord> existing, List<Decision> wanted, DateTime now)
    {
        var byRule = existing.ToDictionary(d => d.Rule, StringComparer.Ordinal);
        foreach (var decision in wanted)
        {
            if (byRule.Remove(decision.Rule, out var record))
            {
                if (record.Outcome != decision.Outcome.ToString() || record.Reason != decision.Reason || record.Score != decision.Score)
                {
                    record.Outcome = decision.Outcome.ToString();
                    record.Reason = decision.Reason;
                    record.Score = decision.Score;
                    record.DecidedAt = now;
                }

                continue;
            }

            catalogue.Decisions.Add(new DecisionRecord
            {
                Stage = StageName,
                SubjectKind = SubjectKinds.Person,
                SubjectId = personId,
                Rule = decision.Rule,
                Outcome = decision.Outcome.ToString(),
                Reason = decision.Reason,
                Score = decision.Score,
                DecidedAt = now,
            });
        }

        catalogue.Decisions.RemoveRange(byRule.Values);
    }

    /// <summary>Marks the source's persons this complete read did not list as vanished; returns how many of its persons are vanished now.</summary>
    private static async Task<int> MarkVanishedAsync(SourceSession session, CancellationToken cancellationToken)
    {
        var catalogue = session.Catalogue;
        var present = await catalogue.Items.AsNoTracking()
            .Where(p => p.SourceId == session.SourceId && !p.Vanished)
            .Select(p => new { p.Id, p.Key })
            .ToListAsync(cancellationToken);
        var gone = present.Where(p => !session.Seen.Contains(p.Key)).Select(p => p.Id).ToList();
        foreach (var chunk in gone.Chunk(500))
        {
            await catalogue.Items.Where(p => chunk.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Vanished, true), cancellationToken);
        }

        return await catalogue.Items.CountAsync(p => p.SourceId == session.SourceId && p.Vanished, cancellationToken);
    }

    private void Report(ImportTally tally, SourceManifest manifest, string problem)
    {
        var where = manifest.FilePath is null ? manifest.Name : $"{manifest.Name} ({manifest.FilePath})";
        tally.Problems.Add($"{where}: {problem}");
        _logger.Problem(manifest.Name, problem);
    }

    /// <summary>What one source's import shares across its batches.</summary>
    private sealed record SourceSession(StageContext Context, CatalogueDbContext Catalogue, SourceManifest Manifest, int SourceId, ImportTally Tally)
    {
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public HashSet<string> ForgottenKeys { get; init; } = [];

        public HashSet<string> TakenDownPhotos { get; init; } = [];
    }

    /// <summary>The parallel part's result for one item: the stored photo's hash and type, or why it was not stored.</summary>
    private sealed record Prepared(string? Sha256, string? ContentType, long Length, string? Problem);
}
