using Microsoft.Playwright;

namespace DatasetForge.Testing;

/// <summary>
/// A page a person reads (report, evaluation, datasheet) opened from disk in Debian's headless Chromium, with what it
/// requested and what it logged as errors recorded, and a full-page screenshot under the test output's screenshots/.
/// One set-up for every page test; <see cref="ShouldReadCleanlyAsync"/> is the check they all make.
/// </summary>
public sealed class RenderedPage : IAsyncDisposable
{
    /// <summary>Where eng/setup.sh installs Chromium (apt-get install chromium).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    // Elements wider than the window, unless inside a box that scrolls on its own (a wide confusion matrix).
    private const string OverflowScript = """
        () => {
            const limit = document.documentElement.clientWidth + 1;
            const wide = [...document.body.querySelectorAll('*')]
                .filter(e => e.getBoundingClientRect().right > limit && !e.closest('.scroll'))
                .map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className : '') +
                    ' (' + Math.round(e.getBoundingClientRect().right) + ' px)');
            const page = document.documentElement.scrollWidth - window.innerWidth;
            return page > 0 ? ['page: ' + page + ' px wider than the window', ...wide.slice(0, 5)] : wide.slice(0, 5);
        }
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _requests = [];
    private readonly List<string> _errors = [];

    private RenderedPage(IPlaywright playwright, IBrowser browser, IPage page, string address, string screenshot)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        Address = address;
        Screenshot = screenshot;
    }

    /// <summary>The open page, for checks of its own.</summary>
    public IPage Page { get; }

    /// <summary>The file: address the page was opened from.</summary>
    public string Address { get; }

    /// <summary>The full-page screenshot (PNG).</summary>
    public string Screenshot { get; }

    /// <summary>Every URL the page requested, its own address included.</summary>
    public IReadOnlyList<string> Requests => _requests;

    /// <summary>Console errors and uncaught page errors.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Opens <paramref name="path"/> in a window of the given size and saves a full-page screenshot named <paramref name="screenshotName"/>.</summary>
    public static async Task<RenderedPage> OpenAsync(string path, string screenshotName, int width = 1280, int height = 900)
    {
        File.Exists(ChromiumPath).ShouldBeTrue($"Chromium is needed at {ChromiumPath}: apt-get install chromium (eng/setup.sh does).");
        File.Exists(path).ShouldBeTrue($"The page {path} was not written.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var address = new Uri(Path.GetFullPath(path)).AbsoluteUri;
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", screenshotName);
        var rendered = new RenderedPage(playwright, browser, page, address, screenshot);
        page.Request += (_, request) => rendered._requests.Add(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                rendered._errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => rendered._errors.Add(error);

        await page.GotoAsync(address);
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        return rendered;
    }

    /// <summary>
    /// What every page must do: request nothing but itself and data: URIs (it opens offline, from disk), log no error,
    /// and keep within the window's width (a reader never scrolls sideways, except inside a box meant to scroll).
    /// </summary>
    public async Task ShouldReadCleanlyAsync(bool checkOverflow = true)
    {
        _requests.ShouldAllBe(url => url == Address || url.StartsWith("data:", StringComparison.Ordinal), $"{Address} requested more than itself");
        _errors.ShouldBeEmpty($"{Address} logged errors");
        var screenshot = await File.ReadAllBytesAsync(Screenshot);
        screenshot.AsSpan(0, 4).ToArray().ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47 });
        if (checkOverflow)
        {
            var wide = await Page.EvaluateAsync<string[]>(OverflowScript);
            wide.ShouldBeEmpty($"{Path.GetFileName(Screenshot)}: wider than the window");
        }
    }

    /// <summary>The text a reader sees.</summary>
    public Task<string> TextAsync() => Page.InnerTextAsync("body");

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
