using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// The pages the demo leaves for a person to read (the report and the run's evaluation), opened in Debian's headless
/// Chromium: no console error, no request beyond the file itself, nothing wider than the window; a screenshot of each.
/// </summary>
[Collection(nameof(DemoRunCollection))]
public sealed class DemoPagesRenderingTests(DemoRunFixture demo, ITestOutputHelper output)
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    [Fact]
    public async Task Report_RendersOfflineWithoutErrorsOrHorizontalOverflow()
    {
        var body = await RenderAsync(Path.Combine(demo.Workspace.ReportsDirectory, "report.html"), "demo-report.png");

        body.ShouldContain("suedheim-germanistik");
        body.ShouldContain("image-difference");
    }

    [Fact]
    public async Task Evaluation_RendersOfflineWithoutErrorsOrHorizontalOverflow()
    {
        await using var catalogue = await demo.OpenCatalogueAsync();
        var run = await catalogue.TrainingRuns.SingleAsync();

        var body = await RenderAsync(Path.Combine(demo.Workspace.Root, run.Path, "evaluation.html"), "demo-evaluation.png");

        body.ShouldContain("Per class");
        body.ShouldContain("chance");
    }

    [Fact]
    public async Task TerminalOutput_IsScreenshotAsATerminalShowsIt()
    {
        // The demo's own words as a reader sees them in a terminal (plain mode: one line per step), for a look by eye.
        var page = Path.Combine(demo.Workspace.Root, "terminal.html");
        await File.WriteAllTextAsync(page, $$"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>forge demo</title>
            <style>body { margin: 0; background: #1e1e1e; } pre { color: #e5e5e5; font: 13px/1.35 'DejaVu Sans Mono', monospace; padding: 12px; margin: 0; }</style>
            </head><body><pre>{{System.Net.WebUtility.HtmlEncode(demo.Output)}}</pre></body></html>
            """);

        var body = await RenderAsync(page, "demo-terminal.png", checkOverflow: false);

        body.ShouldContain("What the demo shows:");
    }

    private async Task<string> RenderAsync(string path, string screenshotName, bool checkOverflow = true)
    {
        File.Exists(ChromiumPath).ShouldBeTrue($"Chromium is needed at {ChromiumPath}: apt-get install chromium (eng/setup.sh does).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        var address = new Uri(path).AbsoluteUri;
        await page.GotoAsync(address);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", screenshotName);
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot: {screenshot}");

        requests.ShouldAllBe(url => url == address || url.StartsWith("data:", StringComparison.Ordinal));
        errors.ShouldBeEmpty();
        // Wider than the window means a reader scrolls sideways: the page's own layout must keep within it.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        if (checkOverflow)
        {
            overflow.ShouldBeLessThanOrEqualTo(0, $"{screenshotName} is {overflow} px wider than the window");
        }

        return await page.InnerTextAsync("body");
    }
}
