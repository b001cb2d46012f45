using DatasetForge.Core.Definitions;
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

    // How long one load-more click or scroll may take to bring new items before the list counts as complete.
    private const float StepTimeoutMs = 5000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>
    /// The rendered HTML of <paramref name="url"/>: once the profile's <c>waitFor</c> (or item) selector is in the DOM, the cookie
    /// banner dismissed, and "load more" clicked or the page scrolled until no new items appear or the profile's cap is reached.
    /// </summary>
    public async Task<(string? Html, string? Error)> RenderAsync(Uri url, ScraperProfile profile, CrawlScope scope, CancellationToken cancellationToken)
    {
        var waitFor = profile.WaitFor ?? profile.Selectors.Item;
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

        await RunStepsAsync(page, profile, timeout, cancellationToken);
        return (await page.ContentAsync().WaitAsync(cancellationToken), null);
    }

    /// <summary>The profile's clicks and scrolls: dismiss the cookie banner, then load more until nothing new comes or the cap.</summary>
    private static async Task RunStepsAsync(IPage page, ScraperProfile profile, float timeout, CancellationToken cancellationToken)
    {
        if (profile.CookieBanner is { } banner && await page.QuerySelectorAsync(banner).WaitAsync(cancellationToken) is { } button
            && await button.IsVisibleAsync().WaitAsync(cancellationToken))
        {
            await button.ClickAsync(new ElementHandleClickOptions { Timeout = timeout }).WaitAsync(cancellationToken);
        }

        if (profile.LoadMore is null && !profile.InfiniteScroll)
        {
            return;
        }

        var item = profile.Selectors.Item ?? "*";
        for (var step = 0; step < profile.MaxLoadMore; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = await CountAsync(page, item, cancellationToken);
            if (profile.LoadMore is { } loadMore)
            {
                var more = await page.QuerySelectorAsync(loadMore).WaitAsync(cancellationToken);
                if (more is null || !await more.IsVisibleAsync().WaitAsync(cancellationToken) || !await more.IsEnabledAsync().WaitAsync(cancellationToken))
                {
                    return;
                }

                await more.ClickAsync(new ElementHandleClickOptions { Timeout = timeout }).WaitAsync(cancellationToken);
            }
            else
            {
                await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)").WaitAsync(cancellationToken);
            }

            try
            {
                // New items appear after the script's fetch: wait for the count to grow, and stop when it does not.
                await page.WaitForFunctionAsync(
                    "([selector, count]) => document.querySelectorAll(selector).length > count",
                    new object[] { item, before },
                    new PageWaitForFunctionOptions { Timeout = Math.Min(timeout, StepTimeoutMs), PollingInterval = 50 }).WaitAsync(cancellationToken);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }

    private static async Task<int> CountAsync(IPage page, string selector, CancellationToken cancellationToken) =>
        (await page.QuerySelectorAllAsync(selector).WaitAsync(cancellationToken)).Count;

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
