using System.Text.Json;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;
using OpenCvSharp;

namespace DatasetForge.Training.Tests.Support;

/// <summary>
/// A temporary dataset folder holding one exported version built from Fashion-MNIST images (PNG, 3-channel 28x28) or
/// from given images (real face crops), laid out as the export stage writes it, with matching rows in a real SQLite catalogue.
/// </summary>
public sealed class TestVersion : IAsyncDisposable
{
    private TestVersion(string root, DatasetDefinition dataset, DatasetWorkspace workspace, VersionRecord version, VersionManifest manifest)
    {
        Root = root;
        Dataset = dataset;
        Workspace = workspace;
        Version = version;
        Manifest = manifest;
    }

    public string Root { get; }

    public DatasetDefinition Dataset { get; }

    public DatasetWorkspace Workspace { get; }

    public VersionRecord Version { get; }

    public VersionManifest Manifest { get; }

    public string VersionFolder => Path.Combine(Workspace.Root, Version.Path);

    public StageContext Context() => StageContext.Create(Dataset, Workspace);

    /// <summary>Builds a version of <paramref name="perClass"/> images per class, split 4:1:1 (train/validation/test).</summary>
    public static async Task<TestVersion> CreateAsync(
        int[]? fashionClasses = null, int perClass = 60, TrainingOptions? training = null, bool withValidation = true, bool regression = false)
    {
        fashionClasses ??= [1, 5, 8, 9];

        // Regression versions label each image with its Fashion-MNIST class number: a real, learnable numeric target.
        string LabelOf(int fashionClass) => regression
            ? fashionClass.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : FashionMnist.ClassNames[fashionClass];
        var images = new List<TestImage>();
        var seen = new Dictionary<int, int>();
        var group = 0;
        foreach (var (label, pixels) in FashionMnist.Read(fashionClasses, perClass))
        {
            var n = seen[label] = seen.GetValueOrDefault(label) + 1;
            var split = (n % 6) switch
            {
                0 => "test",
                1 => withValidation ? "validation" : "train",
                _ => "train",
            };
            using var grey = Mat.FromPixelData(28, 28, MatType.CV_8UC1, pixels);
            using var colour = new Mat();
            Cv2.CvtColor(grey, colour, ColorConversionCodes.GRAY2BGR);
            var facets = new Dictionary<string, string> { ["source"] = n / 6 % 2 == 0 ? "even-page" : "odd-page" };
            images.Add(new TestImage(LabelOf(label), colour.ImEncode(".png"), group++, split, facets));
        }

        return await CreateAsync(
            images,
            training ?? new TrainingOptions { InputSize = 32, Epochs = 6, BatchSize = 16, LearningRate = 2e-3, Patience = 3, Device = "auto" },
            [.. fashionClasses.Select(LabelOf)],
            "fashion",
            "kind",
            regression);
    }

    /// <summary>
    /// Builds a version of <paramref name="images"/> (encoded images, each with its label, group and split) laid out as
    /// the export writes one; <paramref name="classes"/> defaults to the labels present.
    /// </summary>
    public static async Task<TestVersion> CreateAsync(
        IReadOnlyList<TestImage> images, TrainingOptions training, IReadOnlyList<string>? classes = null, string name = "faces",
        string label = "identity", bool regression = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        var root = Path.Combine(Path.GetTempPath(), "forge-train-" + Guid.NewGuid().ToString("N")[..12]);
        var dataset = new DatasetDefinition
        {
            Name = name,
            Label = label,
            LabelKind = regression ? LabelKind.Number : LabelKind.Category,
            Seed = 7,
            Training = training,
        };
        var workspace = new DatasetWorkspace(root, dataset.Name);
        workspace.EnsureCreated();
        var classNames = (classes ?? [.. images.Select(i => i.Label).Distinct()]).Order(StringComparer.Ordinal).ToList();
        var versionId = "v-" + Guid.NewGuid().ToString("N")[..16];
        var relative = Path.Combine("versions", versionId);
        var folder = Path.Combine(workspace.Root, relative);
        var items = new List<VersionManifestItem>();
        foreach (var image in images)
        {
            var id = ContentHash.Of(image.Bytes)[..16];
            var file = Path.Combine(image.Split, image.Label, id + ".png");
            Directory.CreateDirectory(Path.Combine(folder, image.Split, image.Label));
            await File.WriteAllBytesAsync(Path.Combine(folder, file), image.Bytes);
            items.Add(new VersionManifestItem(id, image.Split, image.Label, image.Group, file, ContentHash.Of(image.Bytes), image.Facets));
        }

        var counts = items.GroupBy(i => i.Split).ToDictionary(
            g => g.Key, g => (IReadOnlyDictionary<string, int>)g.GroupBy(i => i.Label).ToDictionary(l => l.Key, l => l.Count()));
        var manifest = new VersionManifest
        {
            Id = versionId,
            Dataset = dataset.Name,
            Label = dataset.Label,
            LabelKind = regression ? "number" : "category",
            CreatedAt = DateTime.UtcNow,
            Seed = dataset.Seed,
            Ratios = new Dictionary<string, double> { ["train"] = 0.67, ["validation"] = 0.17, ["test"] = 0.16 },
            Classes = classNames,
            Counts = counts,
            Items = items,
        };
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, VersionManifest.SerializerOptions);
        await File.WriteAllBytesAsync(Path.Combine(folder, VersionManifest.FileName), manifestBytes);

        var version = new VersionRecord
        {
            Id = versionId,
            CreatedAt = manifest.CreatedAt,
            Seed = dataset.Seed,
            Ratios = "0.67/0.17/0.16",
            ItemCount = items.Count,
            Path = relative,
            ManifestSha256 = ContentHash.Of(manifestBytes),
            Items = [.. items.Select(i => new VersionItemRecord
            {
                VersionId = versionId,
                ItemId = i.Id,
                Split = i.Split,
                Label = i.Label,
                GroupId = i.Group,
                CropSha256 = i.Sha256,
                File = i.File,
            })],
        };
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            catalogue.Versions.Add(version);
            await catalogue.SaveChangesAsync();
        }

        return new TestVersion(root, dataset, workspace, version, manifest);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finalizer-held handle; the temp folder is cleaned by the system.
        }

        return ValueTask.CompletedTask;
    }
}
