using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// The pages the demo leaves for a person to read (the report, the run's evaluation and the version's datasheet),
/// opened in Debian's headless Chromium: no console error, no request beyond the file itself, nothing wider than the
/// window; a screenshot of each.
/// </summary>
[Collection(nameof(DemoRunCollection))]
public sealed class DemoPagesRenderingTests(DemoRunFixture demo, ITestOutputHelper output)
{
    [Fact]
    public async Task Report_RendersOfflineWithoutErrorsOrHorizontalOverflow()
    {
        await using var page = await OpenAsync(Path.Combine(demo.Workspace.ReportsDirectory, "report.html"), "demo-report.png");

        await page.ShouldReadCleanlyAsync();
        var body = await page.TextAsync();
        body.ShouldContain("suedheim-germanistik");
        body.ShouldContain("image-difference");
    }

    [Fact]
    public async Task Evaluation_RendersOfflineWithTheLearningCurveAndWithoutErrorsOrHorizontalOverflow()
    {
        await using var catalogue = await demo.OpenCatalogueAsync();
        var run = await catalogue.TrainingRuns.SingleAsync();

        await using var page = await OpenAsync(Path.Combine(demo.Workspace.Root, run.Path, "evaluation.html"), "demo-evaluation.png");

        await page.ShouldReadCleanlyAsync();
        var body = await page.TextAsync();
        body.ShouldContain("Per class");
        body.ShouldContain("chance");
        // Both panels of the learning curve drawn at a readable size, each with its ticks, legend and one line per series.
        var panels = await page.Page.EvaluateAsync<int[][]>("""
            () => [...document.querySelectorAll('#learning-curve + .charts svg.chart')].map(s => [
                Math.round(s.getBoundingClientRect().width), s.querySelectorAll('text.tick').length,
                s.querySelectorAll('text.legend').length, s.querySelectorAll('polyline').length])
            """);
        panels.Length.ShouldBe(2);
        panels.ShouldAllBe(p => p[0] >= 400 && p[1] >= 6 && p[2] == 2 && p[3] == 2);
    }

    [Fact]
    public async Task Datasheet_ReadsAsAMarkdownViewerShowsItWithoutErrorsOrHorizontalOverflow()
    {
        await using var catalogue = await demo.OpenCatalogueAsync();
        var version = await catalogue.Versions.OrderByDescending(v => v.CreatedAt).FirstAsync();
        var markdown = Path.Combine(demo.Workspace.VersionsDirectory, version.Id, "datasheet.md");
        var html = Path.Combine(demo.Workspace.Root, "datasheet.html");
        MarkdownPage.Write(markdown, html);

        await using var page = await OpenAsync(html, "demo-datasheet.png");

        await page.ShouldReadCleanlyAsync();
        // Every Markdown table became a table: none is left as lines of pipes for the reader to decode.
        var separators = (await File.ReadAllLinesAsync(markdown)).Count(l => l.StartsWith("| ---", StringComparison.Ordinal));
        (await page.Page.Locator("table").CountAsync()).ShouldBe(separators);
        var body = await page.TextAsync();
        body.ShouldStartWith("Datasheet:");
        body.ShouldNotContain("| ---");
        body.ShouldContain("Sources");
    }

    [Fact]
    public async Task TerminalOutput_IsScreenshotAsATerminalShowsIt()
    {
        // The demo's own words as a reader sees them in a terminal (plain mode: one line per step), for a look by eye.
        var path = Path.Combine(demo.Workspace.Root, "terminal.html");
        await File.WriteAllTextAsync(path, $$"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>forge demo</title>
            <style>body { margin: 0; background: #1e1e1e; } pre { color: #e5e5e5; font: 13px/1.35 'DejaVu Sans Mono', monospace; padding: 12px; margin: 0; }</style>
            </head><body><pre>{{System.Net.WebUtility.HtmlEncode(demo.Output)}}</pre></body></html>
            """);

        await using var page = await OpenAsync(path, "demo-terminal.png");

        await page.ShouldReadCleanlyAsync(checkOverflow: false);
        (await page.TextAsync()).ShouldContain("What the demo shows:");
    }

    private async Task<RenderedPage> OpenAsync(string path, string screenshotName)
    {
        var page = await RenderedPage.OpenAsync(path, screenshotName);
        output.WriteLine($"Screenshot: {page.Screenshot}");
        return page;
    }
}
