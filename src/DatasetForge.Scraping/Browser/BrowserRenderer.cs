using DatasetForge.Scraping.Fetching;
using Microsoft.Playwright;

namespace DatasetForge.Scraping.Browser;

/// <summary>
/// Renders pages whose list is built by script in Debian's Chromium through Playwright; the rendered DOM then goes through
/// the same extraction as a fetched page. Chromium starts on first use and once per run. Images, media and fonts are not
/// loaded (photos are downloaded separately), and requests outside the crawl scope are aborted.
/// </summary>
internal sealed class BrowserRenderer(ScrapeOptions options) : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The rendered HTML of <paramref name="url"/>, once <paramref name="waitFor"/> is in the DOM (or the timeout passed).</summary>
    public async Task<(string? Html, string? Error)> RenderAsync(Uri url, string? waitFor, CrawlScope scope, CancellationToken cancellationToken)
    {
        var browser = await StartAsync(cancellationToken);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            UserAgent = options.UserAgent,
            JavaScriptEnabled = true,
        }).WaitAsync(cancellationToken);
        await context.RouteAsync("**/*", route =>
        {
            var request = route.Request;
            var blocked = request.ResourceType is "image" or "media" or "font"
                || !Uri.TryCreate(request.Url, UriKind.Absolute, out var target)
                || (target.Scheme is "http" or "https" && !scope.Allows(target));
            return blocked ? route.AbortAsync() : route.ContinueAsync();
        }).WaitAsync(cancellationToken);

        var page = await context.NewPageAsync().WaitAsync(cancellationToken);
        var timeout = (float)options.RequestTimeout.TotalMilliseconds;
        var response = await page.GotoAsync(url.AbsoluteUri, new PageGotoOptions { Timeout = timeout, WaitUntil = WaitUntilState.Load })
            .WaitAsync(cancellationToken);
        if (response is null || !response.Ok)
        {
            return (null, response is null ? $"no response for {url}" : $"HTTP {response.Status} {response.StatusText} for {url}");
        }

        if (!string.IsNullOrWhiteSpace(waitFor))
        {
            try
            {
                await page.WaitForSelectorAsync(waitFor, new PageWaitForSelectorOptions { Timeout = timeout, State = WaitForSelectorState.Attached })
                    .WaitAsync(cancellationToken);
            }
            catch (TimeoutException)
            {
                // The extraction reports the selector that matched nothing, with the page URL.
            }
        }

        return (await page.ContentAsync().WaitAsync(cancellationToken), null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private async Task<IBrowser> StartAsync(CancellationToken cancellationToken)
    {
        if (_browser is not null)
        {
            return _browser;
        }

        if (!File.Exists(options.ChromiumPath))
        {
            throw new FileNotFoundException(
                $"Chromium was not found at '{options.ChromiumPath}' (ScrapeOptions.ChromiumPath). On Debian: apt-get install chromium.", options.ChromiumPath);
        }

        _playwright ??= await Playwright.CreateAsync().WaitAsync(cancellationToken);
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = options.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        }).WaitAsync(cancellationToken);
        return _browser;
    }
}
