using DatasetForge.Core.Pipeline;
using DatasetForge.DemoSite;
using DatasetForge.Testing;

namespace DatasetForge.Scraping.Tests.Support;

/// <summary>The demo site, scraped once in full into a temporary workspace, for tests that only read the outcome.</summary>
public sealed class ScrapedDemoSite : IAsyncLifetime
{
    private readonly DemoSiteFixture _site = new();

    public RunningDemoSite Site => _site.Site;

    public TempWorkspace Temp { get; } = new(DemoScrape.DatasetName);

    public RecordingProgress<StageProgress> Progress { get; } = new();

    public StageResult Result { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _site.InitializeAsync();
        Result = await DemoScrape.RunAsync(Temp.Workspace, DemoScrape.AllDepartments(Site), Progress);
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Temp.Dispose();
    }
}
