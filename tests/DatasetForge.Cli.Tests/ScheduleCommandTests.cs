using DatasetForge.Catalogue.Entities;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Cli.Tests;

/// <summary><c>forge schedule</c> hosts Quartz; <c>--once</c> runs the chain through it now and exits.</summary>
[Collection(nameof(DemoRunCollection))]
public sealed class ScheduleCommandTests : IDisposable
{
    private readonly TempWorkspace _temp = new("demo");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ScheduleOnce_DemoDataset_RunsTheWholeChainThroughTheSchedulerAndKeepsTheJobStore()
    {
        var console = new ConsoleCapture();

        var code = await new ForgeApp(console.Console).RunAsync(
        [
            "schedule", "--once", "--demo-site", "-d", "demo",
            "--manifests", RepositoryPaths.Manifests,
            "--scrapers", RepositoryPaths.Scrapers,
            "--workspace", _temp.RootDirectory,
        ]);

        code.ShouldBe(0, console.Text);
        console.Text.ShouldContain("scheduled demo on '0 0 3 ? * MON'");
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        (await catalogue.Items.CountAsync(p => p.Status == ItemStatus.Kept)).ShouldBeGreaterThan(0);
        (await catalogue.TrainingRuns.CountAsync()).ShouldBe(1);
        File.Exists(Path.Combine(_temp.Workspace.ReportsDirectory, "report.html")).ShouldBeTrue();
        File.Exists(Path.Combine(_temp.RootDirectory, "schedule.db")).ShouldBeTrue();
    }

    [Fact]
    public async Task Schedule_DatasetWithoutSchedule_SaysHowToAddOne()
    {
        var manifests = Directory.CreateDirectory(Path.Combine(_temp.RootDirectory, "manifests", "plain")).FullName;
        File.WriteAllText(Path.Combine(manifests, "dataset.yaml"), "dataset: plain\nlabel: field\n");
        var console = new ConsoleCapture();

        var code = await new ForgeApp(console.Console).RunAsync(
            ["schedule", "--once", "-d", "plain", "--manifests", Path.Combine(_temp.RootDirectory, "manifests"), "--scrapers", RepositoryPaths.Scrapers, "--workspace", _temp.RootDirectory]);

        code.ShouldBe(1);
        console.Text.ShouldContain("plain has no schedule");
    }
}
