using DatasetForge.Export.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DatasetForge.Reporting.Tests.Audit;

/// <summary>Opens the written report in Debian's headless Chromium, offline, and checks that it renders.</summary>
public sealed class ReportRenderingTests(ITestOutputHelper output) : IDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly TestDataset _dataset = new();

    public void Dispose() => _dataset.Dispose();

    [Fact]
    public async Task Report_renders_in_headless_chromium_with_charts_crops_and_flags_and_fetches_nothing()
    {
        File.Exists(ChromiumPath).ShouldBeTrue($"Chromium is needed at {ChromiumPath}: apt-get install chromium (eng/setup.sh does).");
        await PlantedConfound.SeedAndExportAsync(_dataset);
        var result = await new ReportStage().RunAsync(_dataset.Context);

        await RenderAsync(result.Artifacts[0], "report.png", async page =>
        {
            (await page.TitleAsync()).ShouldBe("Bias report: staff-fields");
            var charts = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('svg.chart')].filter(s => s.getBoundingClientRect().width > 100 && s.querySelectorAll('rect').length > 2).length");
            charts.ShouldBeGreaterThanOrEqualTo(4);
            var crops = await page.EvaluateAsync<int[]>("() => [...document.images].map(i => i.complete ? i.naturalWidth : -1)");
            crops.Length.ShouldBeGreaterThan(0);
            crops.ShouldAllBe(width => width == 16);
            (await page.InnerTextAsync("body")).ShouldContain("shortcut-risk");
        });
    }

    [Fact]
    public async Task Report_renders_the_demographic_section_with_its_charts_tables_and_flags()
    {
        File.Exists(ChromiumPath).ShouldBeTrue($"Chromium is needed at {ChromiumPath}: apt-get install chromium (eng/setup.sh does).");
        await PlantedDemographics.SeedAndExportAsync(_dataset);
        var result = await new ReportStage().RunAsync(_dataset.Context);

        await RenderAsync(result.Artifacts[0], "report-demographics.png", async page =>
        {
            // What lies between the section's heading and the next one.
            var section = await page.EvaluateAsync<int[]>("""
                () => {
                    let charts = 0, tables = 0;
                    for (let e = document.getElementById('demographics').nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) {
                        if (e.matches('svg.chart') && e.getBoundingClientRect().width > 100 && e.querySelectorAll('rect').length > 2) charts++;
                        if (e.tagName === 'TABLE') tables++;
                    }
                    return [charts, tables];
                }
                """);
            section.ShouldBe([2, 6]);
            var body = await page.InnerTextAsync("body");
            body.ShouldContain("Demographic balance (estimated)");
            body.ShouldContain("Estimates, not facts.");
            body.ShouldContain("estimated gender 'female'");
        });
    }

    /// <summary>Opens the report offline, runs the checks, and asserts it fetched nothing and logged no error; saves a full-page screenshot.</summary>
    private async Task RenderAsync(string reportPath, string screenshotName, Func<IPage, Task> check)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
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

        await page.GotoAsync(new Uri(reportPath).AbsoluteUri);

        await check(page);
        requests.ShouldAllBe(url => url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal));
        errors.ShouldBeEmpty();

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", screenshotName);
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        var bytes = await File.ReadAllBytesAsync(screenshot);
        bytes.Length.ShouldBeGreaterThan(20_000);
        bytes.AsSpan(0, 4).ToArray().ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47 });
        output.WriteLine($"Screenshot of the rendered report: {screenshot}");
    }
}
