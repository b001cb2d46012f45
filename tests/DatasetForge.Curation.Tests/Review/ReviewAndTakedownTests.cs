using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Curation.Review;
using DatasetForge.Curation.Stage;
using DatasetForge.Curation.Tests.Support;
using Microsoft.EntityFrameworkCore;
using OpenCvSharp;

namespace DatasetForge.Curation.Tests.Review;

[Collection(DetectorCollection.Name)]
public sealed class ReviewAndTakedownTests(DetectorFixture fixture) : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Review_RejectAndAccept_OverrideCurationAndSurviveReRuns()
    {
        var (workspace, context, ids) = await SeedAsync("review");
        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));
        await stage.RunAsync(context);

        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var rejected = await ReviewLog.RecordAsync(catalogue, ids["Anna"], accept: false, "not a staff member any more", _clock.GetUtcNow().UtcDateTime);
            rejected.Status.ShouldBe(ItemStatus.Rejected);
            rejected.StatusRule.ShouldBe(Rules.Review);
            await Should.ThrowAsync<ArgumentException>(() => ReviewLog.RecordAsync(catalogue, ids["Anna"], accept: true, "  ", _clock.GetUtcNow().UtcDateTime));
            await Should.ThrowAsync<ArgumentException>(() => ReviewLog.RecordAsync(catalogue, 9999, accept: true, "why", _clock.GetUtcNow().UtcDateTime));
            (await ReviewLog.RecordAsync(catalogue, ids["Clara"], accept: true, "teaches, the role text is out of date", _clock.GetUtcNow().UtcDateTime))
                .Status.ShouldBe(ItemStatus.Kept);
        }

        _clock.Advance(TimeSpan.FromHours(1));
        var again = await stage.RunAsync(context);

        again.Counts["kept"].ShouldBe(3, "the rules' own verdicts are unchanged; review overrides the status only");
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var anna = await catalogue.Items.SingleAsync(p => p.Id == ids["Anna"]);
            anna.Status.ShouldBe(ItemStatus.Rejected);
            anna.StatusRule.ShouldBe(Rules.Review);
            var clara = await catalogue.Items.SingleAsync(p => p.Id == ids["Clara"]);
            clara.Status.ShouldBe(ItemStatus.Kept);

            var reviews = await ReviewLog.ListAsync(catalogue, rule: Rules.Review);
            reviews.Select(r => (r.PersonId, r.Outcome)).ShouldBe([(ids["Anna"], "Rejected"), (ids["Clara"], "Kept")]);
            reviews[0].Reason.ShouldBe("not a staff member any more");
            var rejectedRows = await ReviewLog.ListAsync(catalogue, status: ItemStatus.Rejected);
            rejectedRows.Select(r => r.PersonId).Distinct().ShouldBe([ids["Anna"]]);
            (await ReviewLog.ListAsync(catalogue, rule: Rules.NonAcademicRole)).Single().PersonId.ShouldBe(ids["Clara"]);
        }
    }

    [Fact]
    public async Task ForgetPerson_DeletesFilesAndNameAndCurationNeverBringsThemBack()
    {
        var (workspace, context, ids) = await SeedAsync("forget");
        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));
        await stage.RunAsync(context);

        string sha;
        string key;
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var anna = await catalogue.Items.Include(p => p.Photo).SingleAsync(p => p.Id == ids["Anna"]);
            sha = anna.Photo!.Sha256;
            key = anna.Key;
            File.Exists(workspace.BlobPath(sha)).ShouldBeTrue();
            File.Exists(workspace.CropPath(sha)).ShouldBeTrue();

            var result = await Takedowns.ForgetPersonAsync(workspace, catalogue, ids["Anna"], "asked to be removed", _clock.GetUtcNow().UtcDateTime);

            result.ForgottenPersons.ShouldBe([ids["Anna"]]);
            result.DeletedFiles.Count.ShouldBe(2);
        }

        File.Exists(workspace.BlobPath(sha)).ShouldBeFalse();
        File.Exists(workspace.CropPath(sha)).ShouldBeFalse();
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            (await catalogue.Items.AnyAsync(p => p.Name == "Anna Arndt" || p.Id == ids["Anna"])).ShouldBeFalse();
            (await catalogue.Photos.AnyAsync(p => p.Sha256 == sha)).ShouldBeFalse();
            (await catalogue.Decisions.AnyAsync(d => d.SubjectKind == SubjectKinds.Person && d.SubjectId == ids["Anna"])).ShouldBeFalse();
            var takedown = await catalogue.Takedowns.SingleAsync();
            takedown.Kind.ShouldBe(Takedowns.PersonKind);
            takedown.Sha256.ShouldBe(sha);
            takedown.PersonKey.ShouldBe(Takedowns.KeyHash(key));
            takedown.PersonKey.ShouldNotBeNull().ShouldNotContain("Anna");
            takedown.Reason.ShouldBe("asked to be removed");
        }

        // A scraper that does not know about takedowns lists the same person with the same photo again.
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var seeder = await CatalogueSeeder.OpenAsync(workspace, catalogue);
            await seeder.PersonAsync("Anna Arndt", "Professorin", "cs", await seeder.PhotoAsync(await PortraitBytesAsync(1, 0), "https://uni.example/img/anna.jpg"));
        }

        var after = await stage.RunAsync(context);

        after.Counts["rejected.takedown"].ShouldBe(1);
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var back = await catalogue.Items.SingleAsync(p => p.Name == "Anna Arndt");
            back.Status.ShouldBe(ItemStatus.Rejected);
            back.StatusRule.ShouldBe(Rules.Takedown);
            (await catalogue.Decisions.SingleAsync(d => d.SubjectKind == SubjectKinds.Person && d.SubjectId == back.Id && d.Stage == "curate"))
                .Reason.ShouldContain("asked to be removed");
        }
    }

    [Fact]
    public async Task ForgetPhoto_DeletesTheBlobAndLeavesItsPersonsWithoutAPhoto()
    {
        var (workspace, context, ids) = await SeedAsync("forget-photo");
        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));
        await stage.RunAsync(context);
        string sha;
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            sha = (await catalogue.Items.Include(p => p.Photo).SingleAsync(p => p.Id == ids["Berta"])).Photo!.Sha256;
            await Should.ThrowAsync<ArgumentException>(() => Takedowns.ForgetPhotoAsync(workspace, catalogue, "abc", "why", _clock.GetUtcNow().UtcDateTime));

            var result = await Takedowns.ForgetPhotoAsync(workspace, catalogue, sha.ToUpperInvariant(), "copyright", _clock.GetUtcNow().UtcDateTime);

            result.PersonsWithoutPhoto.ShouldBe([ids["Berta"]]);
        }

        File.Exists(workspace.BlobPath(sha)).ShouldBeFalse();
        var after = await stage.RunAsync(context);

        after.Counts["rejected.no-photo"].ShouldBe(1);
        await using var check = await Catalogue.Catalogue.OpenAsync(workspace);
        (await check.Takedowns.SingleAsync()).Sha256.ShouldBe(sha);
        (await check.Items.SingleAsync(p => p.Id == ids["Berta"])).StatusRule.ShouldBe(Rules.NoPhoto);
    }

    [Fact]
    public async Task Curate_QualityAndNearIdenticalPlaceholders_AreRejectedByTheirRules()
    {
        var workspace = new DatasetWorkspace(_temp.Path, "quality");
        var ids = new Dictionary<string, int>();
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var seeder = await CatalogueSeeder.CreateAsync(workspace, catalogue);
            // A different face for each: the whole-photo hash would rightly call variants of one photo the same image.
            Mat PortraitOf(int sample, int index)
            {
                using var image = TestAssets.LoadSample(sample);
                return SampleFaces.Portrait(image, fixture.Detector.Detect(image), index);
            }

            using var forBlur = PortraitOf(3, 0);
            using var blurred = new Mat();
            Cv2.GaussianBlur(forBlur, blurred, new Size(0, 0), 7);
            using var forDark = PortraitOf(4, 1);
            using var dark = new Mat();
            forDark.ConvertTo(dark, MatType.CV_8UC3, 0.12);
            using var forBright = PortraitOf(2, 0);
            using var bright = new Mat();
            forBright.ConvertTo(bright, MatType.CV_8UC3, 0.7, 110);
            using var forGrey = PortraitOf(5, 2);
            using var grey = new Mat();
            using var greyBgr = new Mat();
            Cv2.CvtColor(forGrey, grey, ColorConversionCodes.BGR2GRAY);
            Cv2.CvtColor(grey, greyBgr, ColorConversionCodes.GRAY2BGR);

            async Task Add(string name, Mat image, string url) =>
                ids[name] = (await seeder.PersonAsync(name, "Professor", "cs", await seeder.PhotoAsync(SampleFaces.Jpeg(image), url))).Id;

            await Add("Blurred", blurred, "https://uni.example/b.jpg");
            await Add("Dark", dark, "https://uni.example/d.jpg");
            await Add("Bright", bright, "https://uni.example/br.jpg");
            await Add("Grey", greyBgr, "https://uni.example/g.jpg");

            // One logo, recompressed and resized per page: near-identical, not byte-identical.
            using var logo = new Mat(300, 300, MatType.CV_8UC3, new Scalar(240, 240, 240));
            Cv2.Circle(logo, new Point(150, 110), 55, new Scalar(120, 90, 60), -1);
            Cv2.Ellipse(logo, new Point(150, 290), new Size(110, 100), 0, 180, 360, new Scalar(120, 90, 60), -1);
            using var smaller = new Mat();
            Cv2.Resize(logo, smaller, new Size(240, 240), interpolation: InterpolationFlags.Area);
            await Add("Logo One", logo, "https://uni.example/p1.jpg");
            ids["Logo Two"] = (await seeder.PersonAsync("Logo Two", "Professor", "cs", await seeder.PhotoAsync(SampleFaces.Jpeg(logo, 55), "https://uni.example/p2.jpg"))).Id;
            await Add("Logo Three", smaller, "https://uni.example/p3.jpg");
        }

        // A washed-out face is no longer found by the detector, so this dataset draws the brightness line lower.
        var definition = new DatasetDefinition { Name = "quality", Label = "field", Curation = new CurationOptions { MaxBrightness = 170 } };
        var context = new StageContext(definition, workspace, new Progress<StageProgress>(), _clock);
        var result = await new CurateStage(_ => new SharedDetector(fixture.Detector)).RunAsync(context);

        await using var check = await Catalogue.Catalogue.OpenAsync(workspace);
        var persons = await check.Items.ToDictionaryAsync(p => p.Name);
        persons["Blurred"].StatusRule.ShouldBe(Rules.Blur);
        persons["Dark"].StatusRule.ShouldBe(Rules.TooDark);
        persons["Bright"].StatusRule.ShouldBe(Rules.TooBright);
        persons["Grey"].Status.ShouldBe(ItemStatus.Kept);
        (await check.Decisions.SingleAsync(d => d.SubjectId == ids["Grey"] && d.Rule == Rules.Greyscale)).Outcome.ShouldBe("Flagged");
        foreach (var name in new[] { "Logo One", "Logo Two", "Logo Three" })
        {
            persons[name].StatusRule.ShouldBe(Rules.Placeholder, name);
        }

        result.Counts["rejected.placeholder"].ShouldBe(3);
        var reason = (await check.Decisions.SingleAsync(d => d.SubjectId == ids["Logo Two"] && d.Rule == Rules.Placeholder)).Reason;
        reason.ShouldContain("3 differently named persons");
    }

    private async Task<byte[]> PortraitBytesAsync(int sample, int index)
    {
        using var image = TestAssets.LoadSample(sample);
        using var portrait = SampleFaces.Portrait(image, fixture.Detector.Detect(image), index);
        await Task.Yield();
        return SampleFaces.Jpeg(portrait);
    }

    private async Task<(DatasetWorkspace Workspace, StageContext Context, Dictionary<string, int> Ids)> SeedAsync(string name)
    {
        var workspace = new DatasetWorkspace(_temp.Path, name);
        var ids = new Dictionary<string, int>();
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var seeder = await CatalogueSeeder.CreateAsync(workspace, catalogue);
            ids["Anna"] = (await seeder.PersonAsync("Anna Arndt", "Professorin", "cs", await seeder.PhotoAsync(await PortraitBytesAsync(1, 0), "https://uni.example/img/anna.jpg"))).Id;
            ids["Berta"] = (await seeder.PersonAsync("Berta Brandt", "Postdoc", "econ", await seeder.PhotoAsync(await PortraitBytesAsync(3, 2), "https://uni.example/img/berta.jpg"))).Id;
            ids["Clara"] = (await seeder.PersonAsync("Clara Conrad", "Sekretariat Prof. Dr. Müller", "cs", await seeder.PhotoAsync(await PortraitBytesAsync(5, 1), "https://uni.example/img/clara.jpg"))).Id;
            ids["Dora"] = (await seeder.PersonAsync("Dora Dietz", "Doktorandin", "econ", await seeder.PhotoAsync(await PortraitBytesAsync(6, 1), "https://uni.example/img/dora.jpg"))).Id;
        }

        var context = new StageContext(new DatasetDefinition { Name = name, Label = "field" }, workspace, new Progress<StageProgress>(), _clock);
        return (workspace, context, ids);
    }
}
