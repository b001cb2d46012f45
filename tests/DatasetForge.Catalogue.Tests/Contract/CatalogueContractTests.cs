using DatasetForge.Catalogue.Entities;
using DatasetForge.Catalogue.Leasing;
using DatasetForge.Core.Workspace;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Catalogue.Tests.Contract;

/// <summary>What every catalogue provider must do alike; run once per provider by the derived classes.</summary>
public abstract class CatalogueContractTests : IDisposable
{
    private static readonly DateTime Noon = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    protected TempWorkspace Temp { get; } = new("contract");

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The dataset's workspace with its catalogue setting pointing at the provider under test.</summary>
    protected abstract Task<DatasetWorkspace> WorkspaceAsync(string dataset = "contract");

    [Fact]
    public async Task Lease_HeldByAnother_NoWaitFailsNamingTheHolderAndDisposeFreesIt()
    {
        var workspace = await WorkspaceAsync();
        var first = await CatalogueLeases.AcquireAsync(workspace, CatalogueLeases.DatasetScope, LeaseHolder.ForThisProcess("forge run"));

        var busy = await Should.ThrowAsync<LeaseUnavailableException>(() => CatalogueLeases.AcquireAsync(
            workspace, CatalogueLeases.DatasetScope, LeaseHolder.ForThisProcess("forge scrape"), new LeaseOptions { WaitTimeout = TimeSpan.Zero }));

        busy.Message.ShouldContain($"forge run by pid {Environment.ProcessId} on host {Environment.MachineName}");
        await first.DisposeAsync();
        await using var second = await CatalogueLeases.AcquireAsync(
            workspace, CatalogueLeases.DatasetScope, LeaseHolder.ForThisProcess("forge scrape"), new LeaseOptions { WaitTimeout = TimeSpan.Zero });
        second.TakenOverFrom.ShouldBeNull();
    }

    [Fact]
    public async Task Lease_Waiting_HearsOfTheHolderOnceAndGetsItWhenReleased()
    {
        var workspace = await WorkspaceAsync();
        var first = await CatalogueLeases.AcquireAsync(workspace, CatalogueLeases.DatasetScope, LeaseHolder.ForThisProcess("forge run"));
        var heard = new TaskCompletionSource<LeaseRecord>(TaskCreationOptions.RunContinuationsAsynchronously);

        var waiting = CatalogueLeases.AcquireAsync(
            workspace, CatalogueLeases.DatasetScope, LeaseHolder.ForThisProcess("forge schedule"), new LeaseOptions { PollInterval = TimeSpan.FromMilliseconds(50) }, onBusy: l => heard.SetResult(l));
        (await heard.Task.WaitAsync(TimeSpan.FromMinutes(1))).Command.ShouldBe("forge run");
        waiting.IsCompleted.ShouldBeFalse();
        await first.DisposeAsync();

        await using var second = await waiting.WaitAsync(TimeSpan.FromMinutes(1));
        second.Holder.Command.ShouldBe("forge schedule");
    }

    [Fact]
    public async Task Lease_RacingAcquirers_ExactlyOneWins()
    {
        var workspace = await WorkspaceAsync();
        await using (await Catalogue.OpenAsync(workspace))
        {
            // Created first: the race is over the lease, not over who creates the catalogue.
        }

        var attempts = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try
            {
                return await CatalogueLeases.AcquireAsync(workspace, CatalogueLeases.DatasetScope, LeaseHolder.ForThisProcess($"racer {i}"), new LeaseOptions { WaitTimeout = TimeSpan.Zero });
            }
            catch (LeaseUnavailableException)
            {
                return null;
            }
        })).ToList();
        var leases = await Task.WhenAll(attempts);

        leases.Count(l => l is not null).ShouldBe(1);
        foreach (var lease in leases.OfType<CatalogueLease>())
        {
            await lease.DisposeAsync();
        }
    }

    [Fact]
    public async Task Lease_OfAProcessThatNoLongerRuns_IsTakenOverAtOnce()
    {
        var workspace = await WorkspaceAsync();
        int deadPid;
        DateTime deadStart;
        // A child that lives until its start time is read (a short-lived one can be gone before), then is killed.
        using (var child = System.Diagnostics.Process.Start("sleep", "60")!)
        {
            deadPid = child.Id;
            deadStart = child.StartTime.ToUniversalTime();
            child.Kill();
            await child.WaitForExitAsync();
        }

        await using (var catalogue = await Catalogue.OpenAsync(workspace))
        {
            catalogue.Leases.Add(new LeaseRecord
            {
                Scope = CatalogueLeases.DatasetScope, Host = Environment.MachineName, ProcessId = deadPid, ProcessStartedAt = deadStart,
                InstanceId = "killed", Command = "forge run", AcquiredAt = Noon, RenewedAt = Noon, ExpiresAt = DateTime.UtcNow.AddDays(1),
            });
            catalogue.Leases.Add(new LeaseRecord
            {
                Scope = "source:elsewhere", Host = "another-machine", ProcessId = Environment.ProcessId, ProcessStartedAt = Noon,
                InstanceId = "expired", Command = "forge scrape", AcquiredAt = Noon, RenewedAt = Noon, ExpiresAt = Noon,
            });
            await catalogue.SaveChangesAsync();
        }

        await using var lease = await CatalogueLeases.AcquireAsync(
            workspace, CatalogueLeases.DatasetScope, LeaseHolder.ForThisProcess("forge run"), new LeaseOptions { WaitTimeout = TimeSpan.Zero });
        await using var expired = await CatalogueLeases.AcquireAsync(
            workspace, "source:elsewhere", LeaseHolder.ForThisProcess("forge scrape"), new LeaseOptions { WaitTimeout = TimeSpan.Zero });

        lease.TakenOverFrom!.ProcessId.ShouldBe(deadPid);
        expired.TakenOverFrom!.InstanceId.ShouldBe("expired");
        await using var check = await Catalogue.OpenAsync(workspace);
        (await check.Leases.AsNoTracking().SingleAsync(l => l.Scope == CatalogueLeases.DatasetScope)).InstanceId.ShouldBe(lease.InstanceId);
        (await check.Leases.AsNoTracking().SingleAsync(l => l.Scope == CatalogueLeases.DatasetScope)).ProcessId.ShouldBe(Environment.ProcessId);
    }

    [Fact]
    public async Task Lease_OnAnotherMachineNotYetExpired_IsBusy()
    {
        var workspace = await WorkspaceAsync();
        await using (var catalogue = await Catalogue.OpenAsync(workspace))
        {
            catalogue.Leases.Add(new LeaseRecord
            {
                Scope = CatalogueLeases.DatasetScope, Host = "node-2", ProcessId = 4242, ProcessStartedAt = Noon,
                InstanceId = "remote", Command = "forge schedule", AcquiredAt = Noon, RenewedAt = Noon, ExpiresAt = DateTime.UtcNow.AddHours(1),
            });
            await catalogue.SaveChangesAsync();
        }

        var busy = await Should.ThrowAsync<LeaseUnavailableException>(() => CatalogueLeases.AcquireAsync(
            workspace, CatalogueLeases.DatasetScope, LeaseHolder.ForThisProcess("forge run"), new LeaseOptions { WaitTimeout = TimeSpan.Zero }));
        busy.Message.ShouldContain("forge schedule by pid 4242 on host node-2");
    }

    [Fact]
    public async Task Lease_Renewed_ExtendsItsExpiryAndAfterATakeOverIsLost()
    {
        var workspace = await WorkspaceAsync();
        await using var lease = await CatalogueLeases.AcquireAsync(workspace, CatalogueLeases.DatasetScope, LeaseHolder.ForThisProcess("forge run"));

        (await lease.RenewAsync()).ShouldBeTrue();
        await using (var catalogue = await Catalogue.OpenAsync(workspace))
        {
            (await catalogue.Leases.AsNoTracking().SingleAsync()).Renewals.ShouldBeGreaterThanOrEqualTo(1);
            await catalogue.Leases.ExecuteUpdateAsync(set => set.SetProperty(l => l.InstanceId, "someone-else"));
        }

        (await lease.RenewAsync()).ShouldBeFalse();
        lease.Lost.IsCancellationRequested.ShouldBeTrue();
    }

    [Fact]
    public async Task CloseInterrupted_RunningStageRun_IsClosedAsInterrupted()
    {
        var workspace = await WorkspaceAsync();
        await using var catalogue = await Catalogue.OpenAsync(workspace);
        catalogue.StageRuns.AddRange(
            new StageRunRecord { Stage = "scrape", StartedAt = Noon, Status = "running" },
            new StageRunRecord { Stage = "curate", StartedAt = Noon, Status = "succeeded" });
        await catalogue.SaveChangesAsync();

        var closed = await catalogue.CloseInterruptedAsync(Noon.AddHours(1));

        closed.StageRuns.ShouldBe(1);
        catalogue.ChangeTracker.Clear();
        var scrape = await catalogue.StageRuns.AsNoTracking().SingleAsync(r => r.Stage == "scrape");
        (scrape.Status, scrape.Summary).ShouldBe(("interrupted", StageRunLog.InterruptedSummary));
        (await catalogue.StageRuns.AsNoTracking().SingleAsync(r => r.Stage == "curate")).Status.ShouldBe("succeeded");
    }

    [Fact]
    public async Task Open_FreshCatalogue_AppliesEveryMigrationAndExistsAfterwards()
    {
        var workspace = await WorkspaceAsync();
        Catalogue.Exists(workspace).ShouldBeFalse();

        await using var catalogue = await Catalogue.OpenAsync(workspace);

        (await catalogue.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        Catalogue.Exists(workspace).ShouldBeTrue();
    }

    [Fact]
    public async Task Items_WithPersonDetails_RoundTripAndOthersHaveNone()
    {
        var workspace = await WorkspaceAsync();
        await using (var catalogue = await Catalogue.OpenAsync(workspace))
        {
            var web = new SourceRecord { Name = "cs", Kind = "web" };
            var folder = new SourceRecord { Name = "album", Kind = "folder" };
            catalogue.Sources.AddRange(web, folder);
            await catalogue.SaveChangesAsync();
            catalogue.Items.AddRange(
                new ItemRecord { SourceId = web.Id, Key = "ada", Kind = ItemKinds.Person, Name = "Ada", FirstSeenAt = Noon, LastSeenAt = Noon, Person = new PersonDetails { Role = "Professorin", ProfileUrl = "https://uni.example/ada" } },
                new ItemRecord { SourceId = folder.Id, Key = "cat.jpg", Kind = ItemKinds.Image, Name = "cat.jpg", FirstSeenAt = Noon, LastSeenAt = Noon });
            await catalogue.SaveChangesAsync();
        }

        await using var reopened = await Catalogue.OpenAsync(workspace);
        var items = await reopened.Items.AsNoTracking().OrderBy(i => i.Key).ToListAsync();
        items.Select(i => i.Key).ShouldBe(["ada", "cat.jpg"]);
        (items[0].Person?.Role, items[0].Person?.ProfileUrl).ShouldBe(("Professorin", "https://uni.example/ada"));
        items[0].LastSeenAt.ToUniversalTime().ShouldBe(Noon);
        items[1].Person.ShouldBeNull();
        (await reopened.Items.Where(i => i.Person!.Role == "Professorin").Select(i => i.Name).SingleAsync()).ShouldBe("Ada");
    }

    [Fact]
    public async Task Items_SameKeyTwiceInOneSource_IsRefused()
    {
        await using var catalogue = await Catalogue.OpenAsync(await WorkspaceAsync());
        var source = new SourceRecord { Name = "cs", Kind = "web" };
        catalogue.Sources.Add(source);
        await catalogue.SaveChangesAsync();
        catalogue.Items.Add(new ItemRecord { SourceId = source.Id, Key = "ada", Kind = ItemKinds.Person, Name = "Ada" });
        await catalogue.SaveChangesAsync();

        catalogue.Items.Add(new ItemRecord { SourceId = source.Id, Key = "ada", Kind = ItemKinds.Person, Name = "Ada again" });

        await Should.ThrowAsync<DbUpdateException>(() => catalogue.SaveChangesAsync());
    }

    [Fact]
    public async Task Contains_OverSeventyThousandIds_Runs()
    {
        await using var catalogue = await Catalogue.OpenAsync(await WorkspaceAsync());
        catalogue.Sources.Add(new SourceRecord { Name = "cs", Kind = "web" });
        await catalogue.SaveChangesAsync();
        var ids = Enumerable.Range(1, 70_000).ToList();

        (await catalogue.Sources.CountAsync(s => ids.Contains(s.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task OrderByText_IsByteOrderOnEveryProvider()
    {
        await using var catalogue = await Catalogue.OpenAsync(await WorkspaceAsync());
        string[] names = ["b", "B", "a", "_x", "Z", "ä"];
        catalogue.Sources.AddRange(names.Select(n => new SourceRecord { Name = n, Kind = "web" }));
        await catalogue.SaveChangesAsync();

        var ordered = await catalogue.Sources.OrderBy(s => s.Name).Select(s => s.Name).ToListAsync();

        ordered.ShouldBe(names.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task InsertVersionItems_InATransaction_WritesAllOrNothing()
    {
        var workspace = await WorkspaceAsync();
        await using var catalogue = await Catalogue.OpenAsync(workspace);
        catalogue.Versions.Add(new VersionRecord { Id = "v1", CreatedAt = Noon, Ratios = "70/20/10", Path = "versions/v1", ManifestSha256 = new string('0', 64) });
        await catalogue.SaveChangesAsync();
        var items = Enumerable.Range(0, 5_000).Select(i => new VersionItemRecord
        {
            VersionId = "v1", ItemId = $"i{i:D5}", PersonId = i, Split = "Train", Label = i % 2 == 0 ? "a" : "b", GroupId = i, CropSha256 = new string('a', 64), File = $"train/a/i{i:D5}.png",
        }).ToList();

        await using (var rolledBack = await catalogue.Database.BeginTransactionAsync())
        {
            (await catalogue.InsertVersionItemsAsync(items)).ShouldBe(5_000);
            await rolledBack.RollbackAsync();
        }

        (await catalogue.VersionItems.CountAsync()).ShouldBe(0);
        await using (var committed = await catalogue.Database.BeginTransactionAsync())
        {
            await catalogue.InsertVersionItemsAsync(items);
            await committed.CommitAsync();
        }

        await using var reopened = await Catalogue.OpenAsync(workspace);
        (await reopened.VersionItems.CountAsync(v => v.VersionId == "v1" && v.Label == "a")).ShouldBe(2_500);
        (await reopened.VersionItems.SingleAsync(v => v.ItemId == "i04999")).File.ShouldBe("train/a/i04999.png");
    }

    [Fact]
    public async Task ExecuteDelete_OfAPerson_RemovesItsDetailsToo()
    {
        await using var catalogue = await Catalogue.OpenAsync(await WorkspaceAsync());
        var source = new SourceRecord { Name = "cs", Kind = "web" };
        catalogue.Sources.Add(source);
        await catalogue.SaveChangesAsync();
        catalogue.Items.Add(new ItemRecord { SourceId = source.Id, Key = "ada", Kind = ItemKinds.Person, Name = "Ada", Person = new PersonDetails { Role = "Professorin" } });
        await catalogue.SaveChangesAsync();

        (await DetailRowsAsync(catalogue)).ShouldBe(1);

        await catalogue.Items.Where(i => i.Key == "ada").ExecuteDeleteAsync();

        (await DetailRowsAsync(catalogue)).ShouldBe(0);
    }

    private static Task<int> DetailRowsAsync(CatalogueDbContext catalogue) =>
        catalogue.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"PersonDetails\"").SingleAsync();
}
