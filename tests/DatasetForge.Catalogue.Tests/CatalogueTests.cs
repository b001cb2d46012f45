using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Catalogue.Tests;

public sealed class CatalogueTests : IDisposable
{
    private static readonly DateTime Noon = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempWorkspace _temp = new("catalogue");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OpenAsync_NewFolder_CreatesSqliteFileWithEveryMigrationApplied()
    {
        await using var catalogue = await Catalogue.OpenAsync(_temp.Workspace);

        File.Exists(_temp.Workspace.CataloguePath).ShouldBeTrue();
        (await catalogue.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await catalogue.Database.GetAppliedMigrationsAsync()).ShouldNotBeEmpty();
    }

    // Opening a catalogue skips EF Core's check for model changes without a migration (it cost a second per command),
    // so it is made here, for both providers' migrations.
    [Fact]
    public async Task Model_HasNoChangesWithoutAMigration()
    {
        await using var sqlite = await Catalogue.OpenAsync(_temp.Workspace);
        await using var postgres = new PostgresCatalogueDbContext(
            new DbContextOptionsBuilder<PostgresCatalogueDbContext>().UseNpgsql("Host=localhost;Database=never-connected").Options);

        sqlite.Database.HasPendingModelChanges().ShouldBeFalse();
        postgres.Database.HasPendingModelChanges().ShouldBeFalse();
    }

    [Fact]
    public async Task Contains_OverMoreIdsThanSqliteTakesParameters_Runs()
    {
        await using var catalogue = await Catalogue.OpenAsync(_temp.Workspace);
        catalogue.Sources.Add(new SourceRecord { Name = "cs", Kind = "web" });
        await catalogue.SaveChangesAsync();

        // SQLite takes at most 32,766 parameters; a 70,000-item dataset asks about every item at once.
        var ids = Enumerable.Range(1, 70_000).ToHashSet();
        var found = await catalogue.Sources.Where(s => ids.Contains(s.Id)).CountAsync();

        found.ShouldBe(1);
    }

    [Fact]
    public async Task OpenAsync_Twice_KeepsWhatWasWritten()
    {
        await using (var first = await Catalogue.OpenAsync(_temp.Workspace))
        {
            first.Sources.Add(new SourceRecord { Name = "cs", Kind = "web" });
            await first.SaveChangesAsync();
        }

        await using var second = await Catalogue.OpenAsync(_temp.Workspace);

        (await second.Sources.SingleAsync()).Name.ShouldBe("cs");
    }

    [Fact]
    public async Task ReplaceAsync_SameDecisionsTwice_StoresThemOnce()
    {
        await using var catalogue = await Catalogue.OpenAsync(_temp.Workspace);
        Decision[] decisions = [new(Rules.NoFace, DecisionOutcome.Rejected, "no face above 0.7"), new(Rules.UnknownRole, DecisionOutcome.Flagged, "role 'Gast'")];

        for (var i = 0; i < 2; i++)
        {
            await catalogue.ReplaceAsync(PipelineStage.Curate, SubjectKinds.Person, 7, decisions, Noon);
            await catalogue.SaveChangesAsync();
        }

        (await catalogue.Decisions.CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task ReplaceAsync_NewDecisions_UpdateKeptRulesAndDropTheRest()
    {
        await using var catalogue = await Catalogue.OpenAsync(_temp.Workspace);
        await catalogue.ReplaceAsync(PipelineStage.Curate, SubjectKinds.Person, 7, [new(Rules.NoFace, DecisionOutcome.Rejected, "none"), new(Rules.UnknownRole, DecisionOutcome.Flagged, "?")], Noon);
        await catalogue.ReplaceAsync(PipelineStage.Scrape, SubjectKinds.Person, 7, [new(Rules.Download, DecisionOutcome.Rejected, "404")], Noon);
        await catalogue.SaveChangesAsync();

        await catalogue.ReplaceAsync(PipelineStage.Curate, SubjectKinds.Person, 7, [new(Rules.NoFace, DecisionOutcome.Kept, "a face at 0.93", 0.93)], Noon.AddHours(1));
        await catalogue.SaveChangesAsync();

        var curate = await catalogue.Decisions.Where(d => d.Stage == "curate").ToListAsync();
        var decision = curate.ShouldHaveSingleItem();
        decision.Outcome.ShouldBe(nameof(DecisionOutcome.Kept));
        decision.Score.ShouldBe(0.93);
        decision.DecidedAt.ShouldBe(Noon.AddHours(1));
        (await catalogue.Decisions.CountAsync(d => d.Stage == "scrape")).ShouldBe(1, "another stage's decisions are not touched");
    }

    [Fact]
    public async Task FailAsync_Cancellation_IsRecordedAsCancelledEvenWithACancelledToken()
    {
        await using var catalogue = await Catalogue.OpenAsync(_temp.Workspace);
        var run = await catalogue.StartAsync(PipelineStage.Scrape, Noon);

        await catalogue.FailAsync(run, new OperationCanceledException(), Noon.AddMinutes(1));
        var failed = await catalogue.StartAsync(PipelineStage.Curate, Noon);
        await catalogue.FailAsync(failed, new InvalidDataException("broken"), Noon.AddMinutes(2));

        await using var reread = await Catalogue.OpenAsync(_temp.Workspace);
        var runs = await reread.StageRuns.OrderBy(r => r.Id).ToListAsync();
        runs[0].Status.ShouldBe("cancelled");
        runs[0].FinishedAt.ShouldBe(Noon.AddMinutes(1));
        runs[1].Status.ShouldBe("failed");
        runs[1].Summary.ShouldBe("broken");
    }

    [Fact]
    public async Task NewestAsync_ChainOfVersionsWithEqualTimes_ReturnsTheHead()
    {
        await using var catalogue = await Catalogue.OpenAsync(_temp.Workspace);
        catalogue.Versions.AddRange(
            Version("b", parent: "a"),
            Version("a", parent: null),
            Version("c", parent: "b"));
        catalogue.VersionItems.Add(new VersionItemRecord { VersionId = "c", ItemId = "i1", Split = "Train", Label = "cs", CropSha256 = new string('0', 64), File = "train/cs/i1.png" });
        await catalogue.SaveChangesAsync();

        var newest = await VersionHistory.NewestAsync(catalogue, includeItems: true);

        newest.ShouldNotBeNull().Id.ShouldBe("c");
        newest.Items.ShouldHaveSingleItem().ItemId.ShouldBe("i1");
    }

    [Fact]
    public async Task NewestAsync_NoVersion_ReturnsNull()
    {
        await using var catalogue = await Catalogue.OpenAsync(_temp.Workspace);

        (await VersionHistory.NewestAsync(catalogue)).ShouldBeNull();
    }

    private static VersionRecord Version(string id, string? parent) =>
        new() { Id = id, ParentId = parent, CreatedAt = Noon, Ratios = "0.7/0.2/0.1", Path = "versions/" + id, ManifestSha256 = new string('0', 64) };
}
