using DatasetForge.Catalogue;
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
            reason.ShouldContain("forge review --label");
            await ReviewLog.RecordAsync(catalogue, econ, accept: true, "the econ page is the home department", _clock.GetUtcNow().UtcDateTime);
        }

        await stage.RunAsync(context);

        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var persons = await catalogue.Items.ToDictionaryAsync(p => p.Id);
            persons[econ].Status.ShouldBe(ItemStatus.Kept);
            persons[cs].Status.ShouldBe(ItemStatus.Rejected);
            persons[cs].StatusRule.ShouldBe(Rules.Duplicate, "the conflict is resolved: the other listing is the accepted one's duplicate");
            var resolved = await catalogue.Decisions.Where(d => d.Stage == "curate" && d.Rule == Rules.LabelConflict).ToListAsync();
            resolved.Select(d => d.SubjectId).Order().ShouldBe(new[] { cs, econ }.Order());
            resolved.ShouldAllBe(d => d.Outcome == nameof(DecisionOutcome.Kept) && d.Reason.Contains($"#{econ} accepted"));
        }
    }

    [Fact]
    public async Task RunAsync_ReviewerLabelsEitherListingOfAConflict_KeepsThatOneWithTheLabelAndTheOtherAsItsDuplicate()
    {
        var workspace = new DatasetWorkspace(_temp.Path, "conflict");
        int cs, econ;
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var seeder = await CatalogueSeeder.CreateAsync(workspace, catalogue);
            using var image = TestAssets.LoadSample(1);
            using var portrait = SampleFaces.Portrait(image, fixture.Detector.Detect(image), 0);
            var photo = await seeder.PhotoAsync(SampleFaces.Jpeg(portrait), "https://uni.example/img/anna.jpg");
            cs = (await seeder.PersonAsync("Anna Berger", "Professorin", "cs", photo)).Id;
            econ = (await seeder.PersonAsync("Prof. Anna Berger", "Professorin", "econ", photo)).Id;
        }

        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));
        var context = new StageContext(new DatasetDefinition { Name = "conflict", Label = "field" }, workspace, new Progress<StageProgress>(), _clock);
        (await stage.RunAsync(context)).Counts["rejected.label-conflict"].ShouldBe(2);
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            // The cs listing is the one the reviewer labels, with the econ listing's label: it is the person from now on.
            await ReviewLog.RecordLabelAsync(catalogue, cs, "econ", "econ is the home department", _clock.GetUtcNow().UtcDateTime);
        }

        var second = await stage.RunAsync(context);

        second.Counts.GetValueOrDefault("rejected.label-conflict").ShouldBe(0);
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var persons = await catalogue.Items.ToDictionaryAsync(p => p.Id);
            persons[cs].Status.ShouldBe(ItemStatus.Kept);
            persons[cs].Label.ShouldBe("cs", "the catalogue keeps what the source lists; the reviewer's label is a decision");
            persons[econ].StatusRule.ShouldBe(Rules.Duplicate);
            var decisions = await catalogue.Decisions.Where(d => d.Rule == Rules.LabelConflict || d.Rule == Rules.ReviewLabel).ToListAsync();
            decisions.Single(d => d.Rule == Rules.ReviewLabel).Stage.ShouldBe(ReviewLog.StageName);
            ReviewLabels.Decode(decisions.Single(d => d.Rule == Rules.ReviewLabel).Reason).ShouldBe("econ");
            decisions.Where(d => d.Rule == Rules.LabelConflict).ShouldAllBe(d => d.Outcome == nameof(DecisionOutcome.Kept) && d.Reason.StartsWith("resolved by review"));
        }
    }

    [Fact]
    public async Task RunAsync_OneSourceListingAPersonWithTwoLabels_RejectsThemUntilTheReviewerSetsTheLabel()
    {
        var workspace = new DatasetWorkspace(_temp.Path, "conflict");
        int anna;
        const string evidence = "the source lists the same person with different labels ('cs' on https://uni.example/cs/, 'econ' on https://uni.example/econ/)";
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var seeder = await CatalogueSeeder.CreateAsync(workspace, catalogue);
            using var image = TestAssets.LoadSample(1);
            using var portrait = SampleFaces.Portrait(image, fixture.Detector.Detect(image), 0);
            var photo = await seeder.PhotoAsync(SampleFaces.Jpeg(portrait), "https://uni.example/img/anna.jpg");
            anna = (await seeder.PersonAsync("Anna Berger", "Professorin", "cs", photo)).Id;
            // What scrape records when one source lists the person twice with different labels.
            await catalogue.ReplaceAsync(PipelineStage.Scrape, SubjectKinds.Person, anna,
                [new Decision(Rules.LabelConflict, DecisionOutcome.Flagged, evidence, 2)], _clock.GetUtcNow().UtcDateTime);
            await catalogue.SaveChangesAsync();
        }

        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));
        var context = new StageContext(new DatasetDefinition { Name = "conflict", Label = "field" }, workspace, new Progress<StageProgress>(), _clock);

        (await stage.RunAsync(context)).Counts["rejected.label-conflict"].ShouldBe(1);
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var person = await catalogue.Items.SingleAsync(p => p.Id == anna);
            (person.Status, person.StatusRule).ShouldBe((ItemStatus.Rejected, Rules.LabelConflict));
            var reason = (await catalogue.Decisions.SingleAsync(d => d.Stage == "curate" && d.SubjectId == anna && d.Rule == Rules.LabelConflict)).Reason;
            reason.ShouldContain(evidence);
            reason.ShouldContain($"forge review --label {anna} <label>");
            await ReviewLog.RecordLabelAsync(catalogue, anna, "econ", "the econ page is the home department", _clock.GetUtcNow().UtcDateTime);
        }

        (await stage.RunAsync(context)).Counts.GetValueOrDefault("rejected.label-conflict").ShouldBe(0);
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            (await catalogue.Items.SingleAsync(p => p.Id == anna)).Status.ShouldBe(ItemStatus.Kept);
            var resolved = await catalogue.Decisions.SingleAsync(d => d.Stage == "curate" && d.SubjectId == anna && d.Rule == Rules.LabelConflict);
            resolved.Outcome.ShouldBe(nameof(DecisionOutcome.Kept));
            resolved.Reason.ShouldContain("labelled 'econ'");
            resolved.Reason.ShouldContain(evidence, customMessage: "both listed labels stay as evidence");
        }
    }

    [Fact]
    public async Task RunAsync_ListingConflictResolvedAndAnotherListingOfThePersonWithAnotherLabel_RecordsOneConflictDecisionPerPerson()
    {
        var workspace = new DatasetWorkspace(_temp.Path, "conflict");
        int twice, elsewhere;
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var seeder = await CatalogueSeeder.CreateAsync(workspace, catalogue);
            using var image = TestAssets.LoadSample(1);
            using var portrait = SampleFaces.Portrait(image, fixture.Detector.Detect(image), 0);
            var photo = await seeder.PhotoAsync(SampleFaces.Jpeg(portrait), "https://uni.example/img/anna.jpg");
            twice = (await seeder.PersonAsync("Anna Berger", "Professorin", "cs", photo)).Id;
            elsewhere = (await seeder.PersonAsync("Prof. Anna Berger", "Professorin", "econ", photo)).Id;
            await catalogue.ReplaceAsync(PipelineStage.Scrape, SubjectKinds.Person, twice,
                [new Decision(Rules.LabelConflict, DecisionOutcome.Flagged, "the source lists the same person with different labels ('cs' on https://uni.example/cs/, 'econ' on https://uni.example/econ/)", 2)],
                _clock.GetUtcNow().UtcDateTime);
            await catalogue.SaveChangesAsync();
            await ReviewLog.RecordLabelAsync(catalogue, twice, "econ", "econ is the home department", _clock.GetUtcNow().UtcDateTime);
        }

        var stage = new CurateStage(_ => new SharedDetector(fixture.Detector));
        var context = new StageContext(new DatasetDefinition { Name = "conflict", Label = "field" }, workspace, new Progress<StageProgress>(), _clock);

        await stage.RunAsync(context);

        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace))
        {
            var persons = await catalogue.Items.ToDictionaryAsync(p => p.Id);
            persons[twice].Status.ShouldBe(ItemStatus.Kept);
            persons[elsewhere].StatusRule.ShouldBe(Rules.Duplicate);
            var conflict = await catalogue.Decisions.SingleAsync(d => d.Stage == "curate" && d.SubjectId == twice && d.Rule == Rules.LabelConflict);
            conflict.Outcome.ShouldBe(nameof(DecisionOutcome.Kept));
            conflict.Reason.ShouldContain($"#{twice} labelled 'econ'");
            conflict.Reason.ShouldContain("'cs' on https://uni.example/cs/", customMessage: "the source's own evidence stays");
        }
    }
}
