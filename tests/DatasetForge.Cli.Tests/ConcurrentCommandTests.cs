using DatasetForge.Core.Workspace;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Testing;
using Microsoft.AspNetCore.Http;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// Two real <c>forge scrape</c> processes on one workspace at once (once a second <c>forge run</c> died on
/// <c>UNIQUE constraint failed: Pages.SourceId, Pages.Url</c>): the second waits with a message naming the first, and
/// the catalogue ends as two runs one after the other leave it; when the first is killed (SIGKILL) while it holds the
/// lease, the second takes the lease over, finishes the crawl, and the catalogue ends as one clean run's.
/// </summary>
public sealed class ConcurrentCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private readonly TempWorkspace _temp = new("big");
    private FixtureServer _server = null!;
    private string _manifests = null!;
    private string _gated = null!;
    private volatile TaskCompletionSource? _gate;
    private volatile TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        var site = LargeStaffSite.Serve(_server, listPages: 8, perPage: 5);
        _manifests = Path.Combine(_temp.RootDirectory, "manifests");
        Directory.CreateDirectory(Path.Combine(_manifests, "big"));
        await File.WriteAllTextAsync(Path.Combine(_manifests, "big", "dataset.yaml"), "dataset: big\nlabel: field\nlabelKind: category\n");
        await File.WriteAllTextAsync(Path.Combine(_manifests, "big", "staff.yaml"), site.ManifestYaml("staff", "cs"));
        Directory.CreateDirectory(Path.Combine(_temp.RootDirectory, "scrapers"));

        // One profile page answers only once the gate (when set) opens: the first process holds the lease meanwhile.
        _gated = $"/people/{LargeStaffSite.Id(3)}/";
        using var http = new HttpClient();
        var page = await http.GetStringAsync(_server.Url(_gated));
        _server.Handle(_gated, async context =>
        {
            if (_gate is { } gate)
            {
                _arrived.TrySetResult();
                await gate.Task;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(page);
        });
    }

    public async Task DisposeAsync()
    {
        _gate?.TrySetResult();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task TwoScrapesAtOnce_TheSecondWaitsNamingTheFirst_AndTheCatalogueIsAsTwoRunsInTurnLeaveIt()
    {
        await ScrapeAsync("in-turn");
        await ScrapeAsync("in-turn");

        await using (var first = await StartHoldingTheLeaseAsync("shared"))
        await using (var second = Scrape("second", "shared"))
        {
            await second.WaitForLineAsync(l => l.Contains($"is busy: forge scrape by pid {first.Id}", StringComparison.Ordinal), Patience);
            second.HasExited.ShouldBeFalse(second.Text);

            _gate!.SetResult();
            (await first.WaitForExitAsync(Patience)).ShouldBe(0, first.Text);
            (await second.WaitForExitAsync(Patience)).ShouldBe(0, second.Text);
            second.Text.ShouldNotContain("took over");
        }

        (await SnapshotAsync("shared")).ShouldBe(await SnapshotAsync("in-turn"));
    }

    [Fact]
    public async Task HolderKilled_TheWaitingScrapeTakesTheLeaseOverAndFinishes_AndTheCatalogueIsACleanRuns()
    {
        await ScrapeAsync("clean");

        await using (var first = await StartHoldingTheLeaseAsync("shared"))
        await using (var second = Scrape("second", "shared"))
        {
            await second.WaitForLineAsync(l => l.Contains($"is busy: forge scrape by pid {first.Id}", StringComparison.Ordinal), Patience);
            await first.KillAsync();
            _gate!.SetResult();

            (await second.WaitForExitAsync(Patience)).ShouldBe(0, second.Text);
            second.Text.ShouldContain($"took over the lease of forge scrape by pid {first.Id}");
        }

        (await SnapshotAsync("shared")).ShouldBe(await SnapshotAsync("clean"));
    }

    /// <summary>Starts a scrape of <paramref name="workspace"/> and returns once it is held up on the gated page, lease in hand.</summary>
    private async Task<ForgeProcess> StartHoldingTheLeaseAsync(string workspace)
    {
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Scrape("first", workspace);
        try
        {
            await _arrived.Task.WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the first scrape never asked for {_gated}:{Environment.NewLine}{first.Text}");
        }

        first.HasExited.ShouldBeFalse(first.Text);
        return first;
    }

    private ForgeProcess Scrape(string name, string workspace) => ForgeProcess.Start(name,
    [
        "scrape", "-d", "big", "--manifests", _manifests, "--scrapers", Path.Combine(_temp.RootDirectory, "scrapers"),
        "--workspace", Path.Combine(_temp.RootDirectory, workspace),
    ]);

    private async Task ScrapeAsync(string workspace)
    {
        await using var forge = Scrape(workspace, workspace);
        (await forge.WaitForExitAsync(Patience)).ShouldBe(0, forge.Text);
    }

    private Task<IReadOnlyList<string>> SnapshotAsync(string workspace) =>
        CatalogueSnapshot.OfScrapeAsync(new DatasetWorkspace(Path.Combine(_temp.RootDirectory, workspace), "big"), _server.BaseUrl);
}
