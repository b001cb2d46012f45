using DatasetForge.Catalogue.Entities;
using DatasetForge.Catalogue.Leasing;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Cli.Tests;

/// <summary>Commands take the dataset's lease first: a busy dataset with --no-wait is an error naming the holder; a crash's leftovers are cleaned.</summary>
public sealed class LeaseCommandTests : IDisposable
{
    private readonly TempWorkspace _temp = new("demo");

    public void Dispose() => _temp.Dispose();

    private string[] Args(params string[] command) =>
        [.. command, "-d", "demo", "--manifests", RepositoryPaths.Manifests, "--scrapers", RepositoryPaths.Scrapers, "--workspace", _temp.RootDirectory];

    [Fact]
    public async Task Scrape_NoWaitWhileAnotherHoldsTheLease_ExitsBusyNamingTheHolderAndWritesNothing()
    {
        await using var held = await CatalogueLeases.AcquireAsync(_temp.Workspace, CatalogueLeases.DatasetScope, LeaseHolder.ForThisProcess("forge run"));
        var console = new ConsoleCapture();

        var code = await new ForgeApp(console.Console).RunAsync(Args("scrape", "--no-wait"));

        code.ShouldBe(75, console.Text);
        console.Text.ShouldContain($"is busy: forge run by pid {Environment.ProcessId} on host {Environment.MachineName}");
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        (await catalogue.StageRuns.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task WhileHeld_LeaseTakenOverMidStage_CancelsTheStageWithAnErrorSayingSo()
    {
        await using var lease = await CatalogueLeases.AcquireAsync(_temp.Workspace, CatalogueLeases.DatasetScope, LeaseHolder.ForThisProcess("forge run"));
        var stageSawCancellation = false;
        var stage = Hosting.ForgeRuntime.WhileHeldAsync(lease, _temp.Workspace, async held =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, held);
            }
            catch (OperationCanceledException)
            {
                stageSawCancellation = true;
                throw;
            }

            return 0;
        }, CancellationToken.None);

        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace))
        {
            await catalogue.Leases.ExecuteUpdateAsync(set => set.SetProperty(l => l.InstanceId, "someone-else"));
        }

        (await lease.RenewAsync()).ShouldBeFalse();
        var error = await Should.ThrowAsync<InvalidOperationException>(() => stage.WaitAsync(TimeSpan.FromMinutes(1)));
        error.Message.ShouldContain("another process took over the lease on dataset 'demo'");
        stageSawCancellation.ShouldBeTrue();
    }

    [Fact]
    public async Task Report_AfterACrash_ClosesTheRunningStageRunAsInterruptedAndRemovesTempFiles()
    {
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace))
        {
            catalogue.StageRuns.Add(new StageRunRecord { Stage = "curate", StartedAt = DateTime.UtcNow.AddHours(-1), Status = "running" });
            await catalogue.SaveChangesAsync();
        }

        var runTemp = Path.Combine(_temp.Workspace.RunsDirectory, "r1", "best.pt.tmp");
        var cropTemp = Path.Combine(_temp.Workspace.CropsDirectory, "ab", "ab12.png.0123.tmp");
        var kept = Path.Combine(_temp.Workspace.CropsDirectory, "ab", "ab12.png");
        foreach (var file in new[] { runTemp, cropTemp, kept })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, "half");
        }

        var console = new ConsoleCapture();
        await new ForgeApp(console.Console).RunAsync(Args("report"));

        console.Text.ShouldContain("closed 1 stage run(s)");
        File.Exists(runTemp).ShouldBeFalse();
        File.Exists(cropTemp).ShouldBeFalse();
        File.Exists(kept).ShouldBeTrue();
        await using var after = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        var curate = await after.StageRuns.AsNoTracking().SingleAsync(r => r.Stage == "curate");
        (curate.Status, curate.Summary).ShouldBe(("interrupted", Catalogue.StageRunLog.InterruptedSummary));
        (await after.Leases.CountAsync()).ShouldBe(0);
    }
}
