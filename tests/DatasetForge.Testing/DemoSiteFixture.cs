using DatasetForge.DemoSite;

namespace DatasetForge.Testing;

/// <summary>Starts the real demo site on a free 127.0.0.1 port for a test class (or collection), and stops it after.</summary>
public sealed class DemoSiteFixture : IAsyncLifetime
{
    private RunningDemoSite? _site;

    /// <summary>The running site.</summary>
    public RunningDemoSite Site => _site ?? throw new InvalidOperationException("The demo site has not started.");

    public async Task InitializeAsync() => _site = await DatasetForge.DemoSite.DemoSite.StartAsync(new DemoSiteOptions { SamplePhotosDirectory = TestAssets.SamplePhotosDirectory, AssetsDirectory = TestAssets.Root }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }
}
