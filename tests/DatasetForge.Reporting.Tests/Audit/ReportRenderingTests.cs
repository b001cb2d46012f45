using DatasetForge.Export.Tests.Support;
using DatasetForge.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DatasetForge.Reporting.Tests.Audit;

/// <summary>Opens the written report in Debian's headless Chromium, offline, and checks that it renders.</summary>
public sealed class ReportRenderingTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestDataset _dataset = new();

    public void Dispose() => _dataset.Dispose();

    [Fact]
    public async Task Report_renders_in_headless_chromium_with_charts_crops_and_flags_and_fetches_nothing()
    {
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

    /// <summary>Opens the report offline, runs this test's checks, then those every page gets (<see cref="RenderedPage.ShouldReadCleanlyAsync"/>).</summary>
    private async Task RenderAsync(string reportPath, string screenshotName, Func<IPage, Task> check)
    {
        await using var rendered = await RenderedPage.OpenAsync(reportPath, screenshotName, width: 1200);
        output.WriteLine($"Screenshot of the rendered report: {rendered.Screenshot}");

        await check(rendered.Page);
        await rendered.ShouldReadCleanlyAsync();
        (await File.ReadAllBytesAsync(rendered.Screenshot)).Length.ShouldBeGreaterThan(20_000);
    }
}
