using System.Text.Json;
using DatasetForge.Export.Tests.Support;
using DatasetForge.Reporting.Model;

namespace DatasetForge.Reporting.Tests.Audit;

public sealed class PlantedConfoundTests : IDisposable
{
    private readonly TestDataset _dataset = new();

    public void Dispose() => _dataset.Dispose();

    [Fact]
    public async Task Report_flags_a_label_that_comes_from_one_darker_source_and_a_stage_that_drops_one_label()
    {
        await PlantedConfound.SeedAndExportAsync(_dataset);

        await new ReportStage().RunAsync(_dataset.Context);

        var report = await ReadJsonAsync();
        // Facet x facet associations (role category x source) are flags of their own, named "<facet> x <facet>".
        var shortcut = report.Flags.Where(f => f.Kind == FlagKinds.ShortcutRisk && f.Facet == "source" && !f.Subject.Contains(" x ")).ShouldHaveSingleItem();
        shortcut.Subject.ShouldBe(PlantedConfound.DarkLabel);
        shortcut.CellValue.ShouldBe(PlantedConfound.DarkSource);
        shortcut.Score.ShouldBe(1.0);
        // The same confound seen through the university facet.
        report.Flags.ShouldContain(f => f.Kind == FlagKinds.ShortcutRisk && f.Facet == "university" && f.Subject == PlantedConfound.DarkLabel);
        report.Flags.ShouldNotContain(f => f.Kind == FlagKinds.ShortcutRisk && (f.Subject == "cs" || f.Subject == "economics"));

        var darker = report.Flags.Where(f => f.Kind == FlagKinds.ImageDifference && f.Facet == "label" && f.Subject == PlantedConfound.DarkLabel && f.Message.Contains("brightness")).ShouldHaveSingleItem();
        darker.Message.ShouldContain("lower");
        report.Flags.ShouldContain(f => f.Kind == FlagKinds.ImageDifference && f.Facet == "source" && f.Subject == PlantedConfound.DarkSource);
        report.Flags.ShouldNotContain(f => f.Kind == FlagKinds.ImageDifference && f.Facet == "label" && f.Subject == "cs");

        var drop = report.Flags.Where(f => f.Kind == FlagKinds.StageDrop && f.Facet == "label").ShouldHaveSingleItem();
        drop.Subject.ShouldBe("economics");
        drop.Message.ShouldContain("face detection");
        drop.Message.ShouldContain("8 of 20");

        var images = report.Images.ShouldNotBeNull();
        var dark = images.ByLabel.Single(g => g.Key == PlantedConfound.DarkLabel);
        var cs = images.ByLabel.Single(g => g.Key == "cs");
        dark.Brightness.ShouldBeLessThan(60);
        cs.Brightness.ShouldBeGreaterThan(130);
        dark.Measured.ShouldBe(12);
        cs.GreyscaleShare.ShouldBe(0);

        report.FacetBalances.Select(f => f.Facet).ShouldBe(["role category", "source", "university"]);
        report.FacetBalances.Single(f => f.Facet == "role category").Overall.Counts["doctoral"].ShouldBe(12);
        report.LabelByFacet.Select(t => t.ColumnFacet).ShouldBe(["role category", "university"]);
        report.RejectionsByGroup.ShouldContain(g => g.Facet == "label" && g.Key == "economics" && g.ByRule["no-face"] == 8);
        report.FlaggedSheets.ShouldContain(s => s.Label.Contains(PlantedConfound.DarkSource) && s.Files.Count == 6);
    }

    [Fact]
    public async Task Report_flags_each_class_with_fewer_validation_or_test_items_than_the_minimum()
    {
        await PlantedConfound.SeedAndExportAsync(_dataset);

        await new ReportStage(new ReportOptions { MinSplitItems = 1000 }).RunAsync(_dataset.Context);

        var report = await ReadJsonAsync();
        var balance = report.Balance.ShouldNotBeNull();
        var small = report.Flags.Where(f => f.Kind == FlagKinds.SmallSplit).ToList();
        small.Count.ShouldBe(balance.Classes.Count * 2);
        small.Select(f => f.Facet).Distinct().Order().ShouldBe(["test", "validation"]);
        small.ShouldContain(f => f.Subject == PlantedConfound.DarkLabel && f.Message.Contains("fewer than 1000"));
    }

    [Fact]
    public async Task Report_with_the_default_minimum_flags_only_classes_short_of_it()
    {
        await PlantedConfound.SeedAndExportAsync(_dataset);

        await new ReportStage().RunAsync(_dataset.Context);

        var report = await ReadJsonAsync();
        var balance = report.Balance.ShouldNotBeNull();
        var expected = balance.Splits.Where(s => s.Split is "validation" or "test")
            .SelectMany(s => balance.Classes.Where(c => s.Counts.GetValueOrDefault(c) < 3).Select(c => (s.Split, c)))
            .ToList();
        report.Flags.Where(f => f.Kind == FlagKinds.SmallSplit).Select(f => (f.Facet, f.Subject)).ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public async Task Report_of_a_balanced_dataset_raises_no_shortcut_or_image_flags()
    {
        var a = await _dataset.AddSourceAsync("uni-a");
        var b = await _dataset.AddSourceAsync("uni-b");
        var seed = 1;
        foreach (var source in new[] { a, b })
        {
            foreach (var label in new[] { "cs", "economics" })
            {
                for (var i = 0; i < 8; i++)
                {
                    await _dataset.AddPersonAsync(source, $"{label} {source} {i}", label, crop: TestPng.Create(seed++, 16, level: 120));
                }
            }
        }

        await new Export.ExportStage().RunAsync(_dataset.Context);
        await new ReportStage().RunAsync(_dataset.Context);

        // A dataset this small has small splits and groups, which are flagged as such; nothing else may be.
        (await ReadJsonAsync()).Flags.Where(f => f.Kind is not (FlagKinds.SmallSplit or FlagKinds.TooSmall)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Report_json_and_html_carry_no_names_or_profile_urls_from_facets()
    {
        await PlantedConfound.SeedAndExportAsync(_dataset);

        await new ReportStage().RunAsync(_dataset.Context);

        foreach (var file in new[] { "report.html", "report.json" })
        {
            var text = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, file));
            text.ShouldNotContain("Secret Name");
            text.ShouldNotContain("uni.example");
        }
    }

    private async Task<DatasetReport> ReadJsonAsync()
    {
        await using var stream = File.OpenRead(Path.Combine(_dataset.Workspace.ReportsDirectory, ReportStage.JsonFileName));
        return (await JsonSerializer.DeserializeAsync<DatasetReport>(stream, ReportStage.JsonOptions))!;
    }
}
