using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Curation.Stage;
using DatasetForge.Curation.Tests.Support;
using Microsoft.EntityFrameworkCore;
using OpenCvSharp;

namespace DatasetForge.Curation.Tests.Stage;

[Collection(DetectorCollection.Name)]
public sealed class CurateStageTests(DetectorFixture fixture) : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RunAsync_SeededCatalogue_DecidesEveryPersonByItsRuleAndASecondRunChangesNothing()
    {
        var workspace = new DatasetWorkspace(_temp.Path, "staff");
        var ids = await SeedAsync(workspace);
        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));
        var context = new StageContext(new DatasetDefinition { Name = "staff", Label = "field" }, workspace, new Progress<StageProgress>(), _clock);

        var first = await stage.RunAsync(context);

        first.Stage.ShouldBe(PipelineStage.Curate);
        first.Counts["photos"].ShouldBe(13);
        first.Counts["detected"].ShouldBe(13);
        first.Counts["persons"].ShouldBe(16);
        first.Counts["vanished"].ShouldBe(1);
        first.Counts["kept"].ShouldBe(3);
        first.Counts["rejected"].ShouldBe(13);
        first.Counts["rejected.duplicate"].ShouldBe(2);
        first.Counts["rejected.placeholder"].ShouldBe(4);
        first.Counts["flagged.unknown-role"].ShouldBe(1);

        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var persons = await catalogue.Items.ToDictionaryAsync(p => p.Name);
            var decisions = (await catalogue.Decisions.Where(d => d.SubjectKind == SubjectKinds.Person).ToListAsync()).ToLookup(d => d.SubjectId);

            void Expect(string name, string status, string? rule, string? reasonPart = null)
            {
                var person = persons[name];
                person.Status.ShouldBe(status, name);
                person.StatusRule.ShouldBe(rule, name);
                if (reasonPart is not null)
                {
                    decisions[person.Id].Single(d => d.Rule == rule).Reason.ShouldContain(reasonPart, Case.Sensitive, name);
                }
            }

            // One person listed three times (titles differ) is a duplicate group, not a shared placeholder.
            Expect("Anna Berger", ItemStatus.Kept, null);
            Expect("Researcher", ItemStatus.Kept, null);
            Expect("Guest", ItemStatus.Kept, null);
            Expect("Secretary", ItemStatus.Rejected, Rules.NonAcademicRole, "'Sekretär'");
            Expect("Dr. Anna Berger", ItemStatus.Rejected, Rules.Duplicate, $"duplicate of person #{ids["Anna Berger"]} (same photo)");
            Expect("Prof. Dr. Anna Berger", ItemStatus.Rejected, Rules.Duplicate, $"duplicate of person #{ids["Anna Berger"]} (pHash distance");
            persons["Prof. Dr. Anna Berger"].StatusRule.ShouldBe(Rules.Duplicate);
            Expect("NoFace", ItemStatus.Rejected, Rules.NoFace, "no face");
            Expect("Avatar", ItemStatus.Rejected, Rules.Placeholder, "'silhouette'");
            Expect("NoPhoto", ItemStatus.Rejected, Rules.NoPhoto, "no photo");
            Expect("Html", ItemStatus.Rejected, Rules.Decode, "HTML");
            Expect("NoLabel", ItemStatus.Rejected, Rules.NoLabel);
            Expect("Group", ItemStatus.Rejected, Rules.AmbiguousFaces, "faces; the second (score 0.");
            Expect("Shared1", ItemStatus.Rejected, Rules.Placeholder, "used by 3 differently named persons");
            Expect("Shared3", ItemStatus.Rejected, Rules.Placeholder, "used by 3 differently named persons");
            Expect("Tiny", ItemStatus.Rejected, Rules.ImageTooSmall, "is 40x40, under the minimum side of 64 px");
            persons["Gone"].Status.ShouldBeNull();
            decisions[persons["Gone"].Id].ShouldBeEmpty();

            // Every rule that applies is recorded, not just the deciding one.
            decisions[persons["Avatar"].Id].Select(d => d.Rule).ShouldBe([Rules.NoFace, Rules.Placeholder, Rules.Greyscale], ignoreOrder: true);
            decisions[persons["Tiny"].Id].Select(d => d.Rule).ShouldContain(Rules.FaceTooSmall);
            decisions[persons["Guest"].Id].Select(d => (d.Rule, d.Outcome)).ShouldBe(
                [(Rules.Accepted, "Kept"), (Rules.UnknownRole, "Flagged")], ignoreOrder: true);
            decisions[persons["Anna Berger"].Id].Single().Reason.ShouldContain("academic role 'Professor'");

            var group = persons["Anna Berger"].Id;
            persons["Anna Berger"].GroupId.ShouldBe(group);
            persons["Dr. Anna Berger"].GroupId.ShouldBe(group);
            persons["Prof. Dr. Anna Berger"].GroupId.ShouldBe(group);
            persons["Researcher"].GroupId.ShouldBe(persons["Researcher"].Id);

            var faces = await catalogue.Faces.Include(f => f.Photo).ToListAsync();
            foreach (var face in faces.Where(f => f.CropPath is not null))
            {
                var path = workspace.CropPath(face.Photo!.Sha256);
                Path.Combine(workspace.Root, face.CropPath!).ShouldBe(path);
                ContentHash.Of(await File.ReadAllBytesAsync(path)).ShouldBe(face.CropSha256);
                using var crop = Cv2.ImRead(path);
                crop.Size().ShouldBe(new Size(128, 128));
                face.PerceptualHash.ShouldNotBeNull();
                face.ImagePerceptualHash.ShouldNotBeNull();
                face.Sharpness.ShouldNotBeNull().ShouldBeGreaterThan(0);
                face.Brightness.ShouldNotBeNull().ShouldBeInRange(0, 255);
                face.IsGreyscale.ShouldNotBeNull();
                face.KeypointsJson.ShouldNotBeNull().ShouldStartWith("[[");
            }

            Directory.EnumerateFiles(workspace.CropsDirectory, "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
            (await catalogue.StageRuns.SingleAsync()).Status.ShouldBe("succeeded");
        }

        var before = await SnapshotAsync(workspace);
        _clock.Advance(TimeSpan.FromHours(1));

        var second = await stage.RunAsync(context);

        second.Counts["detected"].ShouldBe(0);
        second.Counts.Where(c => c.Key != "detected").ShouldBe(first.Counts.Where(c => c.Key != "detected"), ignoreOrder: true);
        (await SnapshotAsync(workspace)).ShouldBe(before);
    }

    [Fact]
    public async Task RunAsync_NearDuplicateMatchingOff_KeepsLookAlikesAndStillJoinsTheSamePhoto()
    {
        var workspace = new DatasetWorkspace(_temp.Path, "staff");
        await SeedAsync(workspace);
        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));
        var dataset = new DatasetDefinition
        {
            Name = "staff", Label = "field", Curation = new CurationOptions { NearDuplicateDistance = -1, ImageNearDuplicateDistance = -1 },
        };

        var result = await stage.RunAsync(new StageContext(dataset, workspace, new Progress<StageProgress>(), _clock));

        // Only the same photo joins a group now: the recompressed copy is a person of its own.
        result.Counts["rejected.duplicate"].ShouldBe(1);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        var persons = await catalogue.Items.ToDictionaryAsync(p => p.Name);
        persons["Dr. Anna Berger"].StatusRule.ShouldBe(Rules.Duplicate);
        persons["Prof. Dr. Anna Berger"].Status.ShouldBe(ItemStatus.Kept);
        // Still the same face, though: the descriptor puts the copy in Anna Berger's group (kept, never in another split).
        persons["Prof. Dr. Anna Berger"].GroupId.ShouldBe(persons["Anna Berger"].Id);
        (await catalogue.Decisions.SingleAsync(d => d.SubjectId == persons["Prof. Dr. Anna Berger"].Id && d.Rule == Rules.SamePerson))
            .Reason.ShouldContain($"the same person as #{persons["Anna Berger"].Id}");
    }

    [Fact]
    public async Task RunAsync_NearDuplicateAndIdentityMatchingOff_TheLookAlikeIsAGroupOfItsOwn()
    {
        var workspace = new DatasetWorkspace(_temp.Path, "staff-apart");
        await SeedAsync(workspace);
        var dataset = new DatasetDefinition
        {
            Name = "staff-apart", Label = "field",
            Curation = new CurationOptions { NearDuplicateDistance = -1, ImageNearDuplicateDistance = -1, IdentityDistance = -1 },
        };

        await new CurateStage(_ => new SharedDetector(fixture.Detector)).RunAsync(new StageContext(dataset, workspace, new Progress<StageProgress>(), _clock));

        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        var persons = await catalogue.Items.ToDictionaryAsync(p => p.Name);
        persons["Prof. Dr. Anna Berger"].Status.ShouldBe(ItemStatus.Kept);
        persons["Prof. Dr. Anna Berger"].GroupId.ShouldBe(persons["Prof. Dr. Anna Berger"].Id);
    }

    [Fact]
    public async Task RunAsync_DetectorChanged_DetectsEveryPhotoAgain()
    {
        var workspace = new DatasetWorkspace(_temp.Path, "again");
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var seeder = await CatalogueSeeder.CreateAsync(workspace, catalogue);
            using var sample = TestAssets.LoadSample(6);
            using var portrait = SampleFaces.Portrait(sample, fixture.Detector.Detect(sample), 0);
            await seeder.PersonAsync("One", "Professor", "cs", await seeder.PhotoAsync(SampleFaces.Jpeg(portrait), "https://uni.example/one.jpg"));
        }

        var context = new StageContext(new DatasetDefinition { Name = "again", Label = "field" }, workspace, new Progress<StageProgress>(), _clock);
        (await new CurateStage(_ => new SharedDetector(fixture.Detector)).RunAsync(context)).Counts["detected"].ShouldBe(1);
        (await new CurateStage(_ => new SharedDetector(fixture.Detector)).RunAsync(context)).Counts["detected"].ShouldBe(0);

        var renamed = await new CurateStage(_ => new SharedDetector(fixture.Detector, "blazeface-v2")).RunAsync(context);

        renamed.Counts["detected"].ShouldBe(1);
        renamed.Counts["kept"].ShouldBe(1);
        await using var after = await Catalogue.Catalogue.OpenAsync(workspace);
        (await after.Faces.SingleAsync()).Detector.ShouldBe("blazeface-v2");
    }

    [Fact]
    public async Task RunAsync_CancelledMidRun_RecordsTheRunAsCancelledAndTheNextRunResumes()
    {
        var workspace = new DatasetWorkspace(_temp.Path, "cancelled");
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var seeder = await CatalogueSeeder.CreateAsync(workspace, catalogue);
            using var sample = TestAssets.LoadSample(4);
            var faces = fixture.Detector.Detect(sample);
            for (var i = 0; i < 4; i++)
            {
                using var portrait = SampleFaces.Portrait(sample, faces, i);
                await seeder.PersonAsync($"P{i}", "Professor", "cs", await seeder.PhotoAsync(SampleFaces.Jpeg(portrait), $"https://uni.example/{i}.jpg"));
            }
        }

        var context = new StageContext(new DatasetDefinition { Name = "cancelled", Label = "field" }, workspace, new Progress<StageProgress>(), _clock);
        using var cancellation = new CancellationTokenSource();
        var interrupted = new CurateStage(_ => new SharedDetector(fixture.Detector, onDetect: cancellation.Cancel));

        await Should.ThrowAsync<OperationCanceledException>(() => interrupted.RunAsync(context, cancellation.Token));

        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            (await catalogue.StageRuns.SingleAsync()).Status.ShouldBe("cancelled");
        }

        var resumed = await new CurateStage(_ => new SharedDetector(fixture.Detector)).RunAsync(context);

        resumed.Counts["detected"].ShouldBeGreaterThan(0);
        resumed.Counts["faces"].ShouldBe(4);
        resumed.Counts["kept"].ShouldBe(4);
    }

    private async Task<Dictionary<string, int>> SeedAsync(DatasetWorkspace workspace)
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        var seeder = await CatalogueSeeder.CreateAsync(workspace, catalogue);
        var detector = fixture.Detector;
        var ids = new Dictionary<string, int>();

        async Task Person(string name, string? role, string? label, PhotoRecord? photo, string? photoUrl = null, bool vanished = false) =>
            ids[name] = (await seeder.PersonAsync(name, role, label, photo, photoUrl, vanished)).Id;

        async Task<PhotoRecord> Portrait(int sample, int index, string url, int? side = null)
        {
            using var image = TestAssets.LoadSample(sample);
            using var portrait = SampleFaces.Portrait(image, detector.Detect(image), index);
            if (side is { } s)
            {
                Cv2.Resize(portrait, portrait, new Size(s, s), interpolation: InterpolationFlags.Area);
            }

            return await seeder.PhotoAsync(SampleFaces.Jpeg(portrait), url);
        }

        var professor = await Portrait(1, 0, "https://uni.example/img/anna.jpg");
        await Person("Anna Berger", "Professorin", "cs", professor);
        await Person("Researcher", "Wissenschaftliche/r Mitarbeiter/in", "econ", await Portrait(3, 2, "https://uni.example/img/berta.jpg"));
        await Person("Secretary", "Sekretärin", "cs", await Portrait(5, 1, "https://uni.example/img/clara.jpg"));
        await Person("Dr. Anna Berger", "Doktorandin", "cs", professor);

        using (var sample = TestAssets.LoadSample(1))
        using (var portrait = SampleFaces.Portrait(sample, detector.Detect(sample), 0))
        using (var smaller = new Mat())
        {
            Cv2.Resize(portrait, smaller, new Size(portrait.Width * 9 / 10, portrait.Height * 9 / 10), interpolation: InterpolationFlags.Area);
            await Person("Prof. Dr. Anna Berger", "Postdoc", "cs", await seeder.PhotoAsync(SampleFaces.Jpeg(smaller, 60), "https://other.example/a-berger.jpg"));
        }

        using (var sample = TestAssets.LoadSample(3))
        using (var background = SampleFaces.Background(sample, detector.Detect(sample)))
        {
            await Person("NoFace", "Lecturer", "cs", await seeder.PhotoAsync(SampleFaces.Jpeg(background), "https://uni.example/img/dora.jpg"));
        }

        using (var grey = new Mat(200, 160, MatType.CV_8UC3, new Scalar(180, 180, 180)))
        {
            await Person("Avatar", "Researcher", "cs", await seeder.PhotoAsync(grey.ImEncode(".png"), "https://uni.example/img/silhouette.png", "image/png"));
        }

        await Person("NoPhoto", "Professor", "cs", null);
        await Person("Html", "Professor", "cs", await seeder.PhotoAsync("<!DOCTYPE html><html><body>Login</body></html>"u8.ToArray(), "https://uni.example/img/emil.jpg"));
        await Person("NoLabel", "Postdoc", null, await Portrait(4, 0, "https://uni.example/img/frida.jpg"));
        await Person("Guest", "Gast", "econ", await Portrait(6, 1, "https://uni.example/img/gerd.jpg"));
        await Person("Group", "Professor", "econ", await seeder.PhotoAsync(await File.ReadAllBytesAsync(TestAssets.SamplePath(5)), "https://uni.example/img/team.jpg"));
        var shared = await Portrait(6, 3, "https://uni.example/img/logo.jpg");
        await Person("Shared1", "Professor", "cs", shared);
        await Person("Shared2", "Professor", "cs", shared);
        await Person("Shared3", "Professor", "cs", shared);
        await Person("Tiny", "Professor", "cs", await Portrait(6, 2, "https://uni.example/img/tiny.jpg", side: 40));
        await Person("Gone", "Professor", "cs", await Portrait(2, 1, "https://uni.example/img/gone.jpg"), vanished: true);
        return ids;
    }

    private static async Task<string> SnapshotAsync(DatasetWorkspace workspace)
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        var persons = await catalogue.Items.OrderBy(p => p.Id).Select(p => $"{p.Id}:{p.Status}:{p.StatusRule}:{p.GroupId}").ToListAsync();
        var decisions = await catalogue.Decisions.OrderBy(d => d.Id)
            .Select(d => $"{d.Id}:{d.SubjectKind}:{d.SubjectId}:{d.Rule}:{d.Outcome}:{d.Reason}:{d.Score}:{d.DecidedAt:O}").ToListAsync();
        var faces = await catalogue.Faces.OrderBy(f => f.Id).Select(f => $"{f.Id}:{f.PhotoId}:{f.CropSha256}:{f.PerceptualHash}:{f.ImagePerceptualHash}:{f.Sharpness}:{f.DetectedAt:O}").ToListAsync();
        return string.Join('\n', persons.Concat(decisions).Concat(faces));
    }
}
