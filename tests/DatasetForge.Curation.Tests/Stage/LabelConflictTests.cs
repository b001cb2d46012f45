using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Curation.Review;
using DatasetForge.Curation.Stage;
using DatasetForge.Curation.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Curation.Tests.Stage;

/// <summary>One person listed on two departments with different labels: a recorded conflict the reviewer resolves.</summary>
[Collection(DetectorCollection.Name)]
public sealed class LabelConflictTests(DetectorFixture fixture) : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RunAsync_SamePersonWithTwoLabels_RejectsBothAsAConflictUntilTheReviewerAcceptsOne()
    {
        var workspace = new DatasetWorkspace(_temp.Path, "conflict");
        int cs, econ, agreeing;
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var seeder = await CatalogueSeeder.CreateAsync(workspace, catalogue);
            using var image = TestAssets.LoadSample(1);
            using var portrait = SampleFaces.Portrait(image, fixture.Detector.Detect(image), 0);
            var photo = await seeder.PhotoAsync(SampleFaces.Jpeg(portrait), "https://uni.example/img/anna.jpg");
            cs = (await seeder.PersonAsync("Anna Berger", "Professorin", "cs", photo)).Id;
            econ = (await seeder.PersonAsync("Prof. Anna Berger", "Professorin", "econ", photo)).Id;
            using var other = TestAssets.LoadSample(3);
            using var otherPortrait = SampleFaces.Portrait(other, fixture.Detector.Detect(other), 2);
            var shared = await seeder.PhotoAsync(SampleFaces.Jpeg(otherPortrait), "https://uni.example/img/berta.jpg");
            agreeing = (await seeder.PersonAsync("Berta", "Postdoc", "cs", shared)).Id;
            await seeder.PersonAsync("Dr. Berta", "Postdoc", "cs", shared);
        }

        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));
        var context = new StageContext(new DatasetDefinition { Name = "conflict", Label = "field" }, workspace, new Progress<StageProgress>(), _clock);

        var first = await stage.RunAsync(context);

        first.Counts["rejected.label-conflict"].ShouldBe(2);
        first.Counts["rejected.duplicate"].ShouldBe(1, "a group whose labels agree is a plain duplicate");
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var persons = await catalogue.Items.ToDictionaryAsync(p => p.Id);
            persons[cs].StatusRule.ShouldBe(Rules.LabelConflict);
            persons[econ].StatusRule.ShouldBe(Rules.LabelConflict);
            persons[agreeing].Status.ShouldBe(ItemStatus.Kept);
            var reason = (await catalogue.Decisions.SingleAsync(d => d.SubjectId == econ && d.Rule == Rules.LabelConflict)).Reason;
            reason.ShouldContain($"#{cs} 'cs'");
            reason.ShouldContain($"#{econ} 'econ'");
            reason.ShouldContain("forge review --accept");
            await ReviewLog.RecordAsync(catalogue, econ, accept: true, "the econ page is the home department", _clock.GetUtcNow().UtcDateTime);
        }

        await stage.RunAsync(context);

        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var persons = await catalogue.Items.ToDictionaryAsync(p => p.Id);
            persons[econ].Status.ShouldBe(ItemStatus.Kept);
            persons[cs].Status.ShouldBe(ItemStatus.Rejected);
            persons[cs].StatusRule.ShouldBe(Rules.LabelConflict);
        }
    }
}
