using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Channels;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Curation.Detection;
using DatasetForge.Curation.Filters;
using DatasetForge.Curation.Review;
using DatasetForge.FaceModels.Analysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DatasetForge.Curation.Stage;

/// <summary>
/// The curate stage: finds and crops the dominant face of every photo not yet seen by the current detector, then
/// decides about every person with named rules and records each decision, its reason and its score.
/// </summary>
/// <remarks>
/// Incremental: only photos without a face record from the configured detector are decoded (in parallel, one
/// worker per core); the crop is on disk before its face record is saved, so an interrupted run loses nothing and
/// the next one resumes. The rules are cheap and run for every person each time; unchanged decisions are not
/// rewritten, so a second run changes nothing. Vanished persons get no decisions and a null status.
/// </remarks>
public sealed class CurateStage : IPipelineStage
{
    /// <summary>
    /// Most photo results saved per catalogue transaction: precropped photos finish a thousand a second, and every save
    /// costs a query and a commit (at 32 a batch, curate's writer committed 313 times for 10,000 images).
    /// </summary>
    private const int BatchSize = 256;

    /// <summary>
    /// Age at which a batch is saved, full or not, when its next photo arrives: slow photos (a detector on large ones)
    /// commit about every second rather than every 256.
    /// </summary>
    private static readonly TimeSpan BatchAge = TimeSpan.FromSeconds(1);

    // Persons whose decisions are read back in one query when their verdicts are stored.
    private const int DecisionChunk = 2048;

    /// <summary>One set of face-api's networks per process: building them reads 7 MB of weights, and they are thread-safe.</summary>
    private static readonly Lazy<FaceAnalyzer> SharedAnalyzer = new(() => FaceAnalyzer.Load(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Func<CurationOptions, IFaceDetector> _detectorFactory;
    private readonly Func<FaceAnalyzer> _analyzer;
    private readonly CurateStageOptions _options;
    private readonly ILogger _logger;

    /// <param name="detectorFactory">Creates the face detector for a dataset's options; disposed after the run.</param>
    /// <param name="logger">Where progress and rejected photos are logged.</param>
    /// <param name="analyzer">
    /// Gives face-api's networks when <see cref="CurationOptions.Demographics"/> is on (asked for only then; owned by the
    /// caller, never disposed here). Default: one shared set built from the asset folder.
    /// </param>
    /// <param name="options">What the stage does beyond the dataset's settings (<c>--force</c>); default: the defaults.</param>
    public CurateStage(
        Func<CurationOptions, IFaceDetector> detectorFactory,
        ILogger<CurateStage>? logger = null,
        Func<FaceAnalyzer>? analyzer = null,
        CurateStageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(detectorFactory);
        _detectorFactory = detectorFactory;
        _analyzer = analyzer ?? (() => SharedAnalyzer.Value);
        _options = options ?? new CurateStageOptions();
        _logger = logger ?? NullLogger<CurateStage>.Instance;
    }

    /// <summary>A stage with the detector that <see cref="CurationOptions.Detector"/> names.</summary>
    public CurateStage(ILogger<CurateStage>? logger = null, CurateStageOptions? options = null)
        : this(FaceDetectorFactory.Create, logger, options: options)
    {
    }

    /// <summary>
    /// The rejecting rules in precedence order: <c>ItemRecord.StatusRule</c> is the first that rejected the person.
    /// </summary>
    public static IReadOnlyList<string> RulePrecedence => PersonCurator.Precedence;

    /// <inheritdoc />
    public PipelineStage Stage => PipelineStage.Curate;

    /// <inheritdoc />
    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Dataset.Curation;
        context.Workspace.EnsureCreated();
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(context.Workspace, cancellationToken);
        var run = await catalogue.StartAsync(PipelineStage.Curate, context.UtcNow, cancellationToken);
        try
        {
            using var detector = _detectorFactory(options);
            var detected = await DetectAsync(context, catalogue, detector, cancellationToken);
            var result = await DecideAsync(context, catalogue, detector.Name, detected, cancellationToken);
            await catalogue.CompleteAsync(run, result, context.UtcNow, cancellationToken);
            _logger.CurateFinished(context.Dataset.Name, result.Summary);
            return result;
        }
        catch (Exception e)
        {
            await catalogue.FailAsync(run, e, context.UtcNow);
            _logger.CurateStopped(context.Dataset.Name, run.Status, e);
            throw;
        }
    }

    private async Task<int> DetectAsync(StageContext context, CatalogueDbContext catalogue, IFaceDetector detector, CancellationToken cancellationToken)
    {
        var options = context.Dataset.Curation;
        var demographics = options.Demographics;
        const string model = FaceAnalyzer.ModelName;
        if (!demographics)
        {
            // Estimates are wanted no longer: they go, rather than stay in the catalogue unused.
            await catalogue.Faces.Where(f => f.EstimatesModel != null || f.Descriptor != null)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(f => f.EstimatesModel, (string?)null)
                        .SetProperty(f => f.EstimatedAge, (float?)null)
                        .SetProperty(f => f.EstimatedGender, (string?)null)
                        .SetProperty(f => f.EstimatedGenderProbability, (float?)null)
                        .SetProperty(f => f.Descriptor, (byte[]?)null),
                    cancellationToken);
        }

        // Photos of sources marked precropped (imported face crops) skip detection: the whole image is the face.
        var precroppedSources = context.Dataset.Sources.Where(s => s.Precropped).Select(s => s.Name).ToList();
        var precropped = precroppedSources.Count == 0
            ? []
            : (await catalogue.Items.AsNoTracking()
                .Where(p => p.PhotoId != null && precroppedSources.Contains(p.Source!.Name))
                .Select(p => p.PhotoId!.Value)
                .ToListAsync(cancellationToken)).ToHashSet();

        // A photo is (re)done when it has no face record from this detector, when the settings that shape its record
        // and crop changed (or are unknown: records older than that column, which also predate the whole-photo hash),
        // when it lacks estimates that are wanted, or on --force. A photo that did not decode keeps its record and its
        // decision until the settings change: its bytes cannot change under the same sha256.
        var detectedSettings = CropSettings.Detected(options, detector.Name);
        var wholeSettings = CropSettings.Whole(options);
        var photos = await catalogue.Photos.AsNoTracking()
            .OrderBy(p => p.Id)
            .Select(p => new
            {
                p.Id,
                p.Sha256,
                Detector = p.Face == null ? null : p.Face.Detector,
                Settings = p.Face == null ? null : p.Face.CropSettings,
                Cropped = p.Face != null && p.Face.CropPath != null,
                Model = p.Face == null ? null : p.Face.EstimatesModel,
                PairWidthMissing = p.Face != null && p.Face.FaceCount >= 2 && p.Face.PairFaceWidth == null,
            })
            .ToListAsync(cancellationToken);
        var pending = photos
            .Where(p => _options.Force
                || p.Detector != detector.Name
                || p.Settings != (precropped.Contains(p.Id) ? wholeSettings : detectedSettings)
                || (demographics && p.Cropped && p.Model != model)
                // A pair recorded before the smaller face's width was kept: face-too-small must judge both faces.
                || (options.Faces == FacePolicy.Pair && !precropped.Contains(p.Id) && p.PairWidthMissing))
            .Select(p => new { p.Id, p.Sha256 })
            .ToList();
        _logger.CurateStarting(context.Dataset.Name, pending.Count, photos.Count, detector.Name);
        if (pending.Count == 0)
        {
            return 0;
        }

        var processor = new PhotoProcessor(context.Workspace, detector, options, demographics ? _analyzer() : null);
        var channel = Channel.CreateBounded<PhotoOutcome>(new BoundedChannelOptions(BatchSize * 2) { SingleReader = true });
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
                    await Parallel.ForEachAsync(pending, parallel, async (photo, ct) =>
                    {
                        PhotoOutcome outcome;
                        try
                        {
                            var whole = precropped.Contains(photo.Id);
                            outcome = processor.Process(photo.Id, photo.Sha256, whole, ct) with
                            {
                                CropSettings = whole ? wholeSettings : detectedSettings,
                            };
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            outcome = new PhotoOutcome(photo.Id, detector.Name) { Error = $"processing failed: {e.Message}" };
                        }

                        await channel.Writer.WriteAsync(outcome, ct);
                    });
                    channel.Writer.Complete();
                }
                catch (Exception e)
                {
                    channel.Writer.Complete(e);
                }
            },
            cancellationToken);

        var pendingIds = pending.Select(p => p.Id).ToHashSet();
        // Untracked: each record is attached when its outcome arrives and the tracker is cleared after every batch.
        // One context tracking every record it wrote made SaveChanges' change detection grow with the run: on 70,000
        // images curate slowed from 170 to 75 photos/s, with DetectChanges in two thirds of the stack samples.
        var existing = await catalogue.Faces.AsNoTracking().Where(f => pendingIds.Contains(f.PhotoId)).ToDictionaryAsync(f => f.PhotoId, cancellationToken);
        var done = 0;
        var batch = new List<KeyValuePair<int, IReadOnlyList<Decision>>>(BatchSize);
        var added = new List<FaceRecord>(BatchSize);
        var batchStarted = 0L;
        // One transaction a batch: the new face records and decisions (inserted untracked) and the changed ones (saved).
        async Task SaveBatchAsync(CancellationToken ct)
        {
            await using var transaction = await catalogue.Database.BeginTransactionAsync(ct);
            await catalogue.InsertUntrackedAsync(added, ct);
            await catalogue.ReplaceManyAsync(PipelineStage.Curate, SubjectKinds.Photo, batch, context.UtcNow, ct);
            await catalogue.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            catalogue.ChangeTracker.Clear();
            batch.Clear();
            added.Clear();
        }

        try
        {
            await foreach (var outcome in channel.Reader.ReadAllAsync(cancellationToken))
            {
                if (batch.Count == 0)
                {
                    batchStarted = context.Time.GetTimestamp();
                }

                batch.Add(new(outcome.PhotoId, Apply(catalogue, outcome, existing.GetValueOrDefault(outcome.PhotoId), added, context.UtcNow)));
                done++;
                if (batch.Count >= BatchSize || context.Time.GetElapsedTime(batchStarted) >= BatchAge)
                {
                    await SaveBatchAsync(cancellationToken);
                }

                context.Progress.Report(new StageProgress(PipelineStage.Curate, "detect", done, pending.Count));
            }

            await SaveBatchAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Keep what is finished: those crops are on disk already, and a re-run would only redo them.
            await SaveBatchAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return done;
    }

    // Sets the photo's face record from its outcome (a new one goes to added, for the batch to insert; an existing one is
    // attached, for the batch to save) and returns the decisions about the photo, for the batch to store.
    private List<Decision> Apply(CatalogueDbContext catalogue, PhotoOutcome outcome, FaceRecord? face, List<FaceRecord> added, DateTime now)
    {
        if (face is null)
        {
            face = new FaceRecord { PhotoId = outcome.PhotoId, Detector = outcome.Detector };
            added.Add(face);
        }
        else
        {
            catalogue.Faces.Attach(face);
        }

        var dominant = outcome.Dominant;
        face.Detector = outcome.Detector;
        face.FaceCount = outcome.FaceCount;
        face.ImageWidth = outcome.Width;
        face.ImageHeight = outcome.Height;
        face.X = dominant?.Box.X;
        face.Y = dominant?.Box.Y;
        face.Width = dominant?.Box.Width;
        face.Height = dominant?.Box.Height;
        face.Score = dominant?.Score;
        face.KeypointsJson = dominant is null ? null : JsonSerializer.Serialize(dominant.Keypoints.Select(p => new[] { MathF.Round(p.X, 1), MathF.Round(p.Y, 1) }));
        face.CropPath = outcome.CropRelativePath;
        face.CropSha256 = outcome.CropSha256;
        face.PerceptualHash = outcome.PerceptualHash;
        face.SecondFaceAreaRatio = outcome.SecondFaceAreaRatio;
        face.SecondFaceScore = outcome.SecondFaceScore;
        face.PairFaceWidth = outcome.PairFaceWidth;
        face.Sharpness = outcome.Quality?.Sharpness;
        face.Brightness = outcome.Quality?.Brightness;
        face.Contrast = outcome.Quality?.Contrast;
        face.IsGreyscale = outcome.IsGreyscale;
        face.ImagePerceptualHash = outcome.ImagePerceptualHash;
        face.DetectedAt = now;
        var analysis = outcome.Analysis;
        face.EstimatesModel = outcome.EstimatesModel;
        face.CropSettings = outcome.CropSettings;
        face.EstimatedAge = analysis?.Age;
        face.EstimatedGender = analysis?.Gender;
        face.EstimatedGenderProbability = analysis?.GenderProbability;
        face.Descriptor = analysis is null ? null : MemoryMarshal.AsBytes(analysis.Descriptor.AsSpan()).ToArray();

        // Why a photo did not decode has no column: it is kept as a decision about the photo; the person rules read it.
        var decisions = new List<Decision>();
        if (outcome.Error is not null)
        {
            _logger.PhotoRejected(outcome.PhotoId, outcome.Error);
            decisions.Add(new Decision(Rules.Decode, DecisionOutcome.Rejected, outcome.Error));
        }
        else
        {
            _logger.PhotoDetected(outcome.PhotoId, outcome.FaceCount);
        }

        return decisions;
    }

    private static async Task<StageResult> DecideAsync(
        StageContext context, CatalogueDbContext catalogue, string detectorName, int detected, CancellationToken cancellationToken)
    {
        var options = context.Dataset.Curation;
        var stageName = DecisionLog.StageName(PipelineStage.Curate);
        var photos = await LoadPhotoFactsAsync(catalogue, detectorName, stageName, options.Demographics && options.IdentityDistance >= 0, cancellationToken);
        var persons = await catalogue.Items.OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var previous = (await catalogue.Decisions.AsNoTracking()
                .Where(d => d.Stage == stageName && d.SubjectKind == SubjectKinds.Person)
                .ToListAsync(cancellationToken))
            .ToLookup(d => d.SubjectId);

        var takedowns = await TakedownMatcher.LoadAsync(catalogue, cancellationToken);
        var sourceRows = await catalogue.Sources.AsNoTracking().ToListAsync(cancellationToken);
        var sources = sourceRows.ToDictionary(s => s.Id, s => s.Name);
        var staffSources = sourceRows.Where(s => s.Kind == "web").Select(s => s.Id).ToHashSet();
        var videoSources = sourceRows.Where(s => s.Kind == "video").Select(s => s.Id).ToHashSet();
        var unlabelledNames = context.Dataset.Sources.Where(s => s.Unlabelled).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var unlabelledSources = sourceRows.Where(s => unlabelledNames.Contains(s.Name)).Select(s => s.Id).ToHashSet();
        var precroppedNames = context.Dataset.Sources.Where(s => s.Precropped).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var precroppedSources = sourceRows.Where(s => precroppedNames.Contains(s.Name)).Select(s => s.Id).ToHashSet();
        var reviews = await ReviewLog.LoadAsync(catalogue, cancellationToken);
        var notSame = await ReviewLog.LoadNotSameAsync(catalogue, cancellationToken);
        var reviewLabels = await ReviewLabels.LoadAsync(catalogue, cancellationToken);
        var scrapeStage = DecisionLog.StageName(PipelineStage.Scrape);
        // A source that lists one person with different labels: scrape kept both as evidence (a flagged decision).
        var listingConflicts = (await catalogue.Decisions.AsNoTracking()
                .Where(d => d.Stage == scrapeStage && d.SubjectKind == SubjectKinds.Person && d.Rule == Rules.LabelConflict)
                .Select(d => new { d.SubjectId, d.Reason })
                .ToListAsync(cancellationToken))
            .DistinctBy(d => d.SubjectId)
            .ToDictionary(d => d.SubjectId, d => d.Reason);

        var active = persons.Where(p => !p.Vanished).ToList();
        var curator = new PersonCurator(options, RoleClassifier.FromOptions(options));
        var verdicts = curator.Decide(
                [.. active.Select(p => new PersonFacts(p.Id, p.Person?.Role, p.Label, p.PhotoUrl, p.PhotoId)
                {
                    Name = p.Name,
                    ProfileUrl = p.Person?.ProfileUrl,
                    IsStaffListing = staffSources.Contains(p.SourceId),
                    IsUnlabelledSource = unlabelledSources.Contains(p.SourceId),
                    IsPrecroppedSource = precroppedSources.Contains(p.SourceId),
                    NotSamePerson = notSame.Contains(p.Id),
                    ReviewLabel = reviewLabels.GetValueOrDefault(p.Id),
                    ReviewAccepted = reviews.TryGetValue(p.Id, out var accepted) && accepted.Outcome == nameof(DecisionOutcome.Kept),
                    ListingConflict = listingConflicts.GetValueOrDefault(p.Id),
                    VideoFrame = videoSources.Contains(p.SourceId) ? VideoFrameOf(sources.GetValueOrDefault(p.SourceId), p.FacetsJson) : null,
                    TakedownReason = takedowns.Match(sources.GetValueOrDefault(p.SourceId), p.Key, p.PhotoId is { } id ? photos.GetValueOrDefault(id)?.Sha256 : null),
                })],
                photos)
            .ToDictionary(v => v.PersonId);

        var now = context.UtcNow;
        var done = 0;
        var changed = new List<KeyValuePair<int, IReadOnlyList<Decision>>>();
        foreach (var person in persons)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var verdict = verdicts.GetValueOrDefault(person.Id);
            person.Status = verdict?.Status;
            person.StatusRule = verdict?.StatusRule;
            // A reviewer's accept or reject overrides the rules (but not a takedown), and survives every re-run.
            if (verdict is not null && verdict.StatusRule != Rules.Takedown && reviews.TryGetValue(person.Id, out var review))
            {
                (person.Status, person.StatusRule) = ReviewLog.StatusOf(review);
            }

            person.GroupId = verdict?.GroupId;
            var decisions = verdict?.Decisions ?? [];
            if (!SameDecisions(previous[person.Id], decisions))
            {
                changed.Add(new(person.Id, decisions));
            }

            if (++done % 256 == 0)
            {
                context.Progress.Report(new StageProgress(PipelineStage.Curate, "decide", done, persons.Count));
            }
        }

        // One transaction: the new decisions are inserted untracked, the persons and changed decisions saved.
        await using (var transaction = await catalogue.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var chunk in changed.Chunk(DecisionChunk))
            {
                await catalogue.ReplaceManyAsync(PipelineStage.Curate, SubjectKinds.Person, chunk, now, cancellationToken);
            }

            await catalogue.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        context.Progress.Report(new StageProgress(PipelineStage.Curate, "decide", persons.Count, persons.Count));
        return Summarise(photos, detected, verdicts.Values, persons.Count - active.Count);
    }

    private static async Task<Dictionary<int, PhotoFacts>> LoadPhotoFactsAsync(
        CatalogueDbContext catalogue, string detectorName, string stageName, bool descriptors, CancellationToken cancellationToken)
    {
        var rows = await catalogue.Photos.AsNoTracking()
            .Select(p => new { p.Id, p.Url, p.Sha256, p.Face })
            .ToListAsync(cancellationToken);
        var photoDecisions = (await catalogue.Decisions.AsNoTracking()
                .Where(d => d.Stage == stageName && d.SubjectKind == SubjectKinds.Photo)
                .ToListAsync(cancellationToken))
            .ToLookup(d => d.SubjectId);

        var facts = new Dictionary<int, PhotoFacts>(rows.Count);
        foreach (var row in rows)
        {
            var face = row.Face is { } f && f.Detector == detectorName ? f : null;
            var decode = photoDecisions[row.Id].FirstOrDefault(d => d.Rule == Rules.Decode);
            facts[row.Id] = new PhotoFacts(row.Id, row.Url)
            {
                Sha256 = row.Sha256,
                Detected = face is not null,
                DecodeError = face is null ? "the photo has not been processed" : decode?.Reason,
                Width = face?.ImageWidth ?? 0,
                Height = face?.ImageHeight ?? 0,
                FaceCount = face?.FaceCount ?? 0,
                FaceWidth = face?.Width,
                PairFaceWidth = face?.PairFaceWidth,
                FaceHeight = face?.Height,
                FaceScore = face?.Score,
                SecondFaceRatio = face?.SecondFaceAreaRatio,
                SecondFaceScore = face?.SecondFaceScore,
                PerceptualHash = face?.PerceptualHash,
                ImagePerceptualHash = face?.ImagePerceptualHash,
                Sharpness = face?.Sharpness,
                Brightness = face?.Brightness,
                Contrast = face?.Contrast,
                IsGreyscale = face?.IsGreyscale,
                Descriptor = descriptors && face?.Descriptor is { Length: > 0 } bytes ? MemoryMarshal.Cast<byte, float>(bytes).ToArray() : null,
            };
        }

        return facts;
    }

    /// <summary>The video and time of an imported frame, from the facets the import recorded (video, timestamp).</summary>
    private static (string Video, double Seconds)? VideoFrameOf(string? source, string? facetsJson)
    {
        if (string.IsNullOrEmpty(facetsJson))
        {
            return null;
        }

        var facets = JsonSerializer.Deserialize<Dictionary<string, string>>(facetsJson);
        return facets is not null && facets.TryGetValue("video", out var video)
            && facets.TryGetValue("timestamp", out var stamp)
            && double.TryParse(stamp, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? ($"{source}/{video}", seconds)
            : null;
    }

    private static bool SameDecisions(IEnumerable<DecisionRecord> stored, IReadOnlyList<Decision> decisions)
    {
        var old = stored.OrderBy(d => d.Rule, StringComparer.Ordinal).ToList();
        var fresh = decisions.OrderBy(d => d.Rule, StringComparer.Ordinal).ToList();
        return old.Count == fresh.Count && old.Zip(fresh).All(p =>
            p.First.Rule == p.Second.Rule
            && p.First.Outcome == p.Second.Outcome.ToString()
            && p.First.Reason == p.Second.Reason
            && Nullable.Equals(p.First.Score, p.Second.Score));
    }

    private static StageResult Summarise(Dictionary<int, PhotoFacts> photos, int detected, IEnumerable<PersonVerdict> verdicts, int vanished)
    {
        var all = verdicts.ToList();
        var counts = new Dictionary<string, long>
        {
            ["photos"] = photos.Count,
            ["detected"] = detected,
            ["faces"] = photos.Values.Count(p => p.FaceCount > 0 && p.DecodeError is null),
            ["persons"] = all.Count,
            ["kept"] = all.Count(v => v.Status == ItemStatus.Kept),
            ["rejected"] = all.Count(v => v.Status == ItemStatus.Rejected),
            ["flagged"] = all.Count(v => v.Decisions.Any(d => d.Outcome == DecisionOutcome.Flagged)),
            ["vanished"] = vanished,
        };
        foreach (var rule in PersonCurator.Precedence)
        {
            counts[$"rejected.{rule}"] = all.Count(v => v.StatusRule == rule);
        }

        counts[$"flagged.{Rules.UnknownRole}"] = all.Count(v => v.Decisions.Any(d => d.Rule == Rules.UnknownRole));
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{counts["kept"]} kept, {counts["rejected"]} rejected of {all.Count} persons; {detected} of {photos.Count} photos detected this run, {counts["faces"]} with a face");
        return new StageResult(PipelineStage.Curate, summary, counts);
    }

}
