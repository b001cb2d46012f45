using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Export.Tests.Support;

/// <summary>
/// A dataset in a temporary folder with a real SQLite catalogue, seeded person by person with real PNG crops.
/// Deletes the folder when disposed.
/// </summary>
public sealed class TestDataset : IDisposable
{
    private readonly string _root;
    private int _photos;

    public TestDataset(string name = "staff-fields", SplitRatios? splits = null, int seed = 42)
    {
        _root = Path.Combine(Path.GetTempPath(), "forge-tests-" + Guid.NewGuid().ToString("N"));
        Workspace = new DatasetWorkspace(_root, name);
        Workspace.EnsureCreated();
        Definition = new DatasetDefinition
        {
            Name = name,
            Label = "field",
            Description = "Academic field from staff photos (test data).",
            Splits = splits ?? SplitRatios.Default,
            Seed = seed,
        };
        Clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    }

    public DatasetWorkspace Workspace { get; }

    public DatasetDefinition Definition { get; private set; }

    public ManualTimeProvider Clock { get; }

    public StageContext Context => new(Definition, Workspace, new Progress<StageProgress>(), Clock);

    public void UseSeed(int seed) => Definition = new DatasetDefinition
    {
        Name = Definition.Name,
        Label = Definition.Label,
        Description = Definition.Description,
        Splits = Definition.Splits,
        Seed = seed,
    };

    public Task<CatalogueDbContext> OpenAsync() => Catalogue.Catalogue.OpenAsync(Workspace);

    public async Task<int> AddSourceAsync(string name, string kind = "web")
    {
        await using var db = await OpenAsync();
        var source = new SourceRecord { Name = name, Kind = kind };
        db.Sources.Add(source);
        await db.SaveChangesAsync();
        return source.Id;
    }

    /// <summary>
    /// Adds a person; with <paramref name="withFace"/> also a photo, a face and a crop file. Returns the person id.
    /// </summary>
    public async Task<int> AddPersonAsync(
        int sourceId,
        string name,
        string? label,
        string? status = ItemStatus.Kept,
        bool withPhoto = true,
        bool withFace = true,
        bool vanished = false,
        int? groupId = null,
        string? statusRule = null,
        byte[]? crop = null,
        string? role = "Professor",
        string facetsJson = "{}")
    {
        await using var db = await OpenAsync();
        var person = new ItemRecord
        {
            SourceId = sourceId,
            Key = "https://uni.example/people/" + Uri.EscapeDataString(name),
            Kind = ItemKinds.Person,
            Name = name,
            Person = new PersonDetails { Role = role, ProfileUrl = "https://uni.example/people/" + Uri.EscapeDataString(name) },
            FacetsJson = facetsJson,
            PhotoUrl = "https://uni.example/photos/" + Uri.EscapeDataString(name) + ".jpg",
            Label = label,
            Status = status,
            StatusRule = statusRule,
            Vanished = vanished,
            GroupId = groupId,
            FirstSeenAt = Clock.GetUtcNow().UtcDateTime,
            LastSeenAt = Clock.GetUtcNow().UtcDateTime,
        };
        if (withPhoto)
        {
            var index = Interlocked.Increment(ref _photos);
            var photoSha = ContentHash.OfText("photo:" + name + ":" + index);
            var photo = new PhotoRecord
            {
                Sha256 = photoSha,
                Url = person.PhotoUrl,
                ContentType = "image/jpeg",
                Length = 1000,
                FetchedAt = Clock.GetUtcNow().UtcDateTime,
            };
            if (withFace)
            {
                crop ??= TestPng.Create(index);
                var cropPath = Workspace.CropPath(photoSha);
                Directory.CreateDirectory(Path.GetDirectoryName(cropPath)!);
                await File.WriteAllBytesAsync(cropPath, crop);
                photo.Face = new FaceRecord
                {
                    Detector = "blazeface",
                    FaceCount = 1,
                    ImageWidth = 400,
                    ImageHeight = 400,
                    CropPath = Path.GetRelativePath(Workspace.Root, cropPath),
                    CropSha256 = ContentHash.Of(crop),
                    DetectedAt = Clock.GetUtcNow().UtcDateTime,
                };
            }

            person.Photo = photo;
        }

        db.Items.Add(person);
        await db.SaveChangesAsync();
        if (groupId is null && status == ItemStatus.Kept)
        {
            person.GroupId = person.Id;
            await db.SaveChangesAsync();
        }

        return person.Id;
    }

    /// <summary>Adds <paramref name="count"/> kept persons with faces for each label; returns their ids by label.</summary>
    public async Task<Dictionary<string, List<int>>> AddKeptAsync(int sourceId, IEnumerable<string> labels, int count, string namePrefix = "Person")
    {
        var ids = new Dictionary<string, List<int>>();
        foreach (var label in labels)
        {
            ids[label] = [];
            for (var i = 0; i < count; i++)
            {
                ids[label].Add(await AddPersonAsync(sourceId, $"{namePrefix} {label} {i}", label));
            }
        }

        return ids;
    }

    /// <summary>The model name the curate stage records with face-api's estimates.</summary>
    public const string EstimatesModel = "face-api 1.7.15 (AgeGenderNet, FaceRecognitionNet, FaceLandmark68Net) in TorchSharp";

    /// <summary>
    /// Gives the face of a person's photo an estimated age and gender (and optionally a descriptor), as the curate stage
    /// records them. The person must have a photo with a face.
    /// </summary>
    public async Task SetEstimatesAsync(int personId, float age, string gender, float probability = 0.95f, byte[]? descriptor = null, string model = EstimatesModel)
    {
        await using var db = await OpenAsync();
        var photoId = await db.Items.Where(p => p.Id == personId).Select(p => p.PhotoId).SingleAsync();
        var face = await db.Faces.SingleAsync(f => f.PhotoId == photoId);
        face.EstimatesModel = model;
        face.EstimatedAge = age;
        face.EstimatedGender = gender;
        face.EstimatedGenderProbability = probability;
        face.Descriptor = descriptor;
        await db.SaveChangesAsync();
    }

    public async Task AddRejectionAsync(int personId, string stage, string rule, string reason)
    {
        await using var db = await OpenAsync();
        db.Decisions.Add(new DecisionRecord
        {
            Stage = stage,
            SubjectKind = SubjectKinds.Person,
            SubjectId = personId,
            Rule = rule,
            Outcome = DecisionOutcome.Rejected.ToString(),
            Reason = reason,
            DecidedAt = Clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync();
    }

    public async Task<List<VersionItemRecord>> VersionItemsAsync(string versionId)
    {
        await using var db = await OpenAsync();
        return await db.VersionItems.AsNoTracking().Where(i => i.VersionId == versionId).ToListAsync();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow file system; the temp folder is cleaned up by the OS later.
        }
    }
}
