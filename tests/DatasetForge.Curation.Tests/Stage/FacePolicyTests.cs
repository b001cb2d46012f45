using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Curation.Cropping;
using DatasetForge.Curation.Stage;
using DatasetForge.Curation.Tests.Support;
using Microsoft.EntityFrameworkCore;
using OpenCvSharp;

namespace DatasetForge.Curation.Tests.Stage;

/// <summary>
/// <c>curation: { faces: one | pair | whole }</c> on real faces: what each crop holds, which ambiguity rule applies,
/// and that switching the policy cuts every crop again.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class FacePolicyTests(DetectorFixture fixture) : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task FacePolicy_DecidesWhatACropHolds_WhichRuleRejects_AndAChangeRedoesTheCrops()
    {
        var (workspace, photos) = await SeedAsync();
        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));
        // Sharpness and brightness are not what this test is about: the faceless patch may be plain wall.
        var lenient = new CurationOptions { Demographics = false, MinSharpness = 0, MinBrightness = 0, MaxBrightness = 255 };

        var one = await stage.RunAsync(Context(workspace, lenient));
        var rules = await RulesAsync(workspace);
        one.Counts["detected"].ShouldBe(3);
        rules["couple"].ShouldBe(Rules.AmbiguousFaces);
        rules["single"].ShouldBeNull();
        rules["wall"].ShouldBe(Rules.NoFace);

        var pairOptions = new CurationOptions { Demographics = false, MinSharpness = 0, MinBrightness = 0, MaxBrightness = 255, Faces = FacePolicy.Pair };
        var pair = await stage.RunAsync(Context(workspace, pairOptions));
        rules = await RulesAsync(workspace);
        pair.Counts["detected"].ShouldBe(3, "the policy is part of the crop settings: every crop is cut again");
        rules["couple"].ShouldBeNull();
        rules["single"].ShouldBe(Rules.NoPair);
        rules["wall"].ShouldBe(Rules.NoFace);
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var reason = await catalogue.Decisions.Where(d => d.Rule == Rules.NoPair).Select(d => d.Reason).SingleAsync();
            reason.ShouldContain("faces: pair needs two faces");
            var couple = await catalogue.Faces.SingleAsync(f => f.PhotoId == photos["couple"].Id);
            couple.CropSettings.ShouldBe("blazeface score>=0.7 faces=pair face=0.5 128x128");
            // The crop on disk is the span of both faces, as FaceFraming cuts it for forge predict too.
            using var stored = Cv2.ImRead(Path.Combine(workspace.Root, couple.CropPath!));
            using var expected = FaceFraming.Cut(photos["couple"].Image, FaceFraming.Order(fixture.Detector.Detect(photos["couple"].Image)), pairOptions, precropped: false, out _)!;
            Cv2.Norm(stored, expected, NormTypes.INF).ShouldBe(0);
            (await catalogue.Faces.SingleAsync(f => f.PhotoId == photos["single"].Id)).CropPath.ShouldBeNull();
        }

        var whole = await stage.RunAsync(Context(workspace, new CurationOptions { Demographics = false, MinSharpness = 0, MinBrightness = 0, MaxBrightness = 255, Faces = FacePolicy.Whole }));
        rules = await RulesAsync(workspace);
        whole.Counts["detected"].ShouldBe(3);
        rules.Values.ShouldAllBe(rule => rule == null, "faces: whole needs no face and judges no face");
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var wall = await catalogue.Faces.SingleAsync(f => f.PhotoId == photos["wall"].Id);
            wall.FaceCount.ShouldBe(0);
            using var stored = Cv2.ImRead(Path.Combine(workspace.Root, wall.CropPath!));
            using var expected = FaceCropper.Whole(photos["wall"].Image, 128, 128);
            Cv2.Norm(stored, expected, NormTypes.INF).ShouldBe(0);
        }

        foreach (var photo in photos.Values)
        {
            photo.Image.Dispose();
        }
    }

    [Fact]
    public async Task FacePolicyPair_FaceTooSmall_JudgesTheSmallerFaceOfThePair()
    {
        // A couple where one face is much smaller than the other: big enough under one (the largest face is judged), too
        // small under pair, where both faces are in the crop and both must be big enough.
        var workspace = new DatasetWorkspace(_temp.Path, "couples");
        using var first = TestAssets.LoadSample(1);
        using var third = TestAssets.LoadSample(3);
        using var large = SampleFaces.Portrait(first, fixture.Detector.Detect(first), 0);
        using var portrait = SampleFaces.Portrait(third, fixture.Detector.Detect(third), 2);
        using var small = new Mat();
        Cv2.Resize(portrait, small, new Size(large.Width * 3 / 5, large.Height * 3 / 5), interpolation: InterpolationFlags.Area);
        using var padded = new Mat();
        Cv2.CopyMakeBorder(small, padded, large.Height - small.Height, 0, 0, 0, BorderTypes.Replicate);
        using var couple = new Mat();
        Cv2.HConcat(large, padded, couple);
        var jpeg = SampleFaces.Jpeg(couple);
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var seeder = await CatalogueSeeder.CreateAsync(workspace, catalogue);
            await seeder.PersonAsync("couple", "Professor", "cs", await seeder.PhotoAsync(jpeg, "https://uni.example/img/couple.jpg"));
        }

        using var decoded = Cv2.ImDecode(jpeg, ImreadModes.Color);
        var faces = FaceFraming.Order(fixture.Detector.Detect(decoded));
        faces.Count.ShouldBe(2, "both faces of the couple are found");
        var narrower = Math.Min(faces[0].Box.Width, faces[1].Box.Width);
        var wider = Math.Max(faces[0].Box.Width, faces[1].Box.Width);
        (wider - narrower).ShouldBeGreaterThan(8f, "the test needs faces of clearly different sizes");
        var limit = (int)Math.Round((narrower + wider) / 2);
        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));
        CurationOptions Options(FacePolicy policy, int minFaceSize) => new()
        {
            Demographics = false, MinSharpness = 0, MinBrightness = 0, MaxBrightness = 255, AmbiguousFaceRatio = 1, Faces = policy, MinFaceSize = minFaceSize,
        };

        await stage.RunAsync(Context(workspace, Options(FacePolicy.One, limit)));
        (await RulesAsync(workspace))["couple"].ShouldBeNull("under one only the larger face is judged, and it is wide enough");

        await stage.RunAsync(Context(workspace, Options(FacePolicy.Pair, limit)));
        (await RulesAsync(workspace))["couple"].ShouldBe(Rules.FaceTooSmall);
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var decision = await catalogue.Decisions.SingleAsync(d => d.Rule == Rules.FaceTooSmall);
            decision.Reason.ShouldContain("smaller face of the pair");
            decision.Score!.Value.ShouldBe(narrower, 0.01);
            (await catalogue.Faces.SingleAsync()).PairFaceWidth!.Value.ShouldBe(narrower, 0.01f);
        }

        await stage.RunAsync(Context(workspace, Options(FacePolicy.Pair, (int)Math.Floor(narrower) - 1)));
        (await RulesAsync(workspace))["couple"].ShouldBeNull("both faces are wide enough");
    }

    private static async Task<Dictionary<string, string?>> RulesAsync(DatasetWorkspace workspace)
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        return await catalogue.Items.ToDictionaryAsync(i => i.Name, i => i.StatusRule);
    }

    private StageContext Context(DatasetWorkspace workspace, CurationOptions options) =>
        new(new DatasetDefinition { Name = workspace.Name, Label = "field", Curation = options }, workspace, new Progress<StageProgress>(), _clock);

    /// <summary>Two women's portraits side by side (a couple), a third woman alone, and a patch of the photo with no face.</summary>
    private async Task<(DatasetWorkspace Workspace, Dictionary<string, (int Id, Mat Image)> Photos)> SeedAsync()
    {
        var workspace = new DatasetWorkspace(_temp.Path, "faces");
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        var seeder = await CatalogueSeeder.CreateAsync(workspace, catalogue);
        using var first = TestAssets.LoadSample(1);
        using var second = TestAssets.LoadSample(2);
        using var third = TestAssets.LoadSample(3);
        using var a = SampleFaces.Portrait(first, fixture.Detector.Detect(first), 0);
        using var b = SampleFaces.Portrait(third, fixture.Detector.Detect(third), 2);
        using var bResized = new Mat();
        Cv2.Resize(b, bResized, a.Size());
        var couple = new Mat();
        Cv2.HConcat(a, bResized, couple);
        var photos = new Dictionary<string, (int Id, Mat Image)>();
        foreach (var (name, image) in new[] { ("couple", couple), ("single", SampleFaces.Portrait(second, fixture.Detector.Detect(second), 0)), ("wall", SampleFaces.Background(first, fixture.Detector.Detect(first))) })
        {
            // Decoded from the stored JPEG, so the expected crops start from the very pixels curate read.
            var jpeg = SampleFaces.Jpeg(image);
            image.Dispose();
            var photo = await seeder.PhotoAsync(jpeg, $"https://uni.example/img/{name}.jpg");
            await seeder.PersonAsync(name, "Professor", "cs", photo);
            photos[name] = (photo.Id, Cv2.ImDecode(jpeg, ImreadModes.Color));
        }

        return (workspace, photos);
    }
}
