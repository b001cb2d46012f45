using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.RegularExpressions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Export;
using DatasetForge.Export.Tests.Support;
using DatasetForge.Reporting.Model;

namespace DatasetForge.Reporting.Tests.Audit;

public sealed class DemographicsTests : IDisposable
{
    private const string NoEstimate = "(no estimate)";

    private static readonly string[] DefaultBands = ["under 20", "20-29", "30-39", "40-49", "50-59", "60 and over"];

    private readonly TestDataset _dataset = new();

    private int _crops;

    public void Dispose() => _dataset.Dispose();

    [Fact]
    public async Task Report_counts_estimated_gender_and_age_bands_overall_per_label_split_and_source()
    {
        await PlantedDemographics.SeedAndExportAsync(_dataset);

        var result = await new ReportStage().RunAsync(_dataset.Context);

        var report = await ReadJsonAsync();
        var demographics = report.Demographics.ShouldNotBeNull();
        demographics.Note.ShouldBeNull();
        demographics.Models.ShouldBe([TestDataset.EstimatesModel]);
        demographics.Description.ShouldContain("estimates");
        demographics.Limits.ShouldContain("UTKFace");
        demographics.Basis.ShouldBe("exported items");
        demographics.ListedPersons.ShouldBe(45);
        demographics.EstimatedPersons.ShouldBe(41);
        demographics.UncertainGender.ShouldBe(3);
        demographics.UncertainBelow.ShouldBe(0.75);
        demographics.NoEstimate.ShouldBe(new NoEstimateCounts(Persons: 4, NoPhoto: 1, NoFace: 2, NotAnalysed: 1));
        demographics.AgeBands.ShouldBe(DefaultBands);
        result.Counts["estimated"].ShouldBe(41);

        var gender = demographics.Gender.ShouldNotBeNull();
        gender.Values.ShouldBe(["female", "male", NoEstimate]);
        gender.Overall.Total.ShouldBe(31);
        Counts(gender, gender.Overall).ShouldBe([15, 15, 1]);
        gender.ByLabel.Select(r => r.Key).ShouldBe(["cs", "economics", "german"]);
        Counts(gender, gender.ByLabel[0]).ShouldBe([0, 10, 0]);
        Counts(gender, gender.ByLabel[1]).ShouldBe([10, 0, 0]);
        Counts(gender, gender.ByLabel[2]).ShouldBe([5, 5, 1]);
        gender.BySource.Select(r => r.Key).ShouldBe(["uni-a", "uni-b"]);
        // German's women all came from uni-a (even rows), its men from uni-b; the kept face without an estimate is uni-a's.
        Counts(gender, gender.BySource[0]).ShouldBe([10, 5, 1]);
        Counts(gender, gender.BySource[1]).ShouldBe([5, 10, 0]);
        gender.BySplit.Select(r => r.Key).ShouldBe(["train", "validation", "test"]);
        var balance = report.Balance.ShouldNotBeNull();
        gender.BySplit.Select(r => r.Total).ShouldBe(balance.Splits.Select(s => s.Total));
        gender.BySplit.Sum(r => r.Counts["male"]).ShouldBe(15);

        var age = demographics.AgeBand.ShouldNotBeNull();
        age.Values.ShouldBe([.. DefaultBands, NoEstimate]);
        Counts(age, age.Overall).ShouldBe([0, 5, 8, 7, 8, 2, 1]);
        Counts(age, age.ByLabel[0]).ShouldBe([0, 3, 5, 2, 0, 0, 0]);
        Counts(age, age.ByLabel[1]).ShouldBe([0, 0, 0, 3, 5, 2, 0]);
        Counts(age, age.ByLabel[2]).ShouldBe([0, 2, 3, 2, 3, 0, 1]);
    }

    [Fact]
    public async Task Report_cross_tables_label_and_source_with_estimated_gender_and_age_band_with_cramers_v()
    {
        await PlantedDemographics.SeedAndExportAsync(_dataset);

        await new ReportStage().RunAsync(_dataset.Context);

        var demographics = (await ReadJsonAsync()).Demographics.ShouldNotBeNull();
        demographics.Contingencies.Select(t => (t.RowFacet, t.ColumnFacet)).ShouldBe(
            [("label", "estimated gender"), ("label", "estimated age band"), ("source", "estimated gender")]);
        var byGender = demographics.Contingencies[0];
        byGender.Basis.ShouldBe("exported items with an estimate");
        byGender.Rows.ShouldBe(["cs", "economics", "german"]);
        byGender.Columns.ShouldBe(["female", "male"]);
        byGender.Cells.ShouldBe([[0, 10], [10, 0], [5, 5]]);
        // Expected 5 in every cell: chi-square 4 x 25/5 = 20; V = sqrt(20 / 30).
        byGender.ChiSquare!.Value.ShouldBe(20, 1e-9);
        byGender.CramersV!.Value.ShouldBe(Math.Sqrt(20.0 / 30), 1e-9);
        demographics.Contingencies[1].Columns.ShouldBe(["20-29", "30-39", "40-49", "50-59", "60 and over"]);
        var bySource = demographics.Contingencies[2];
        bySource.Cells.ShouldBe([[10, 5], [5, 10]]);
        bySource.CramersV!.Value.ShouldBe(1.0 / 3, 1e-9);
    }

    [Fact]
    public async Task Report_flags_labels_confounded_with_estimated_gender_without_a_contact_sheet_of_the_cell()
    {
        var a = await _dataset.AddSourceAsync("uni-a");
        var b = await _dataset.AddSourceAsync("uni-b");
        for (var i = 0; i < 8; i++)
        {
            await AddEstimatedAsync(i % 2 == 0 ? a : b, $"cs {i}", "cs", "male", 30 + i);
            await AddEstimatedAsync(i % 2 == 0 ? a : b, $"econ {i}", "econ", "female", 30 + i);
        }

        await new ExportStage().RunAsync(_dataset.Context);
        await new ReportStage().RunAsync(_dataset.Context);

        var report = await ReadJsonAsync();
        var flags = report.Flags.Where(f => f.Kind == FlagKinds.ShortcutRisk && f.Facet == "estimated gender").ToList();
        flags.Select(f => f.Subject).ShouldBe(["cs", "econ"]);
        flags.ShouldAllBe(f => f.Message.Contains("estimated gender") && f.Message.Contains("estimates, not facts") && f.Score == 1.0);
        flags.ShouldAllBe(f => f.CellLabel == null && f.CellValue == null);
        report.Demographics!.Contingencies[0].CramersV!.Value.ShouldBe(1.0, 1e-9);
        // Sources are balanced: neither label x source nor source x estimated gender is flagged.
        report.Flags.ShouldNotContain(f => f.Facet == "source");
        report.Flags.ShouldNotContain(f => f.Subject == "source x estimated gender");
        report.FlaggedSheets.ShouldBeEmpty();
        var html = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, ReportStage.HtmlFileName));
        html.ShouldNotContain("x estimated gender male");
    }

    [Fact]
    public async Task Report_with_balanced_estimates_raises_no_estimate_flag()
    {
        var a = await _dataset.AddSourceAsync("uni-a");
        var b = await _dataset.AddSourceAsync("uni-b");
        for (var i = 0; i < 8; i++)
        {
            foreach (var label in new[] { "cs", "econ" })
            {
                await AddEstimatedAsync(i < 4 ? a : b, $"{label} {i}", label, i % 2 == 0 ? "female" : "male", 25 + (5 * i));
            }
        }

        await new ExportStage().RunAsync(_dataset.Context);
        await new ReportStage().RunAsync(_dataset.Context);

        var report = await ReadJsonAsync();
        report.Demographics!.EstimatedPersons.ShouldBe(16);
        // Sixteen items make splits too small to judge (flagged as such); nothing else is flagged.
        report.Flags.Where(f => f.Kind is not (FlagKinds.SmallSplit or FlagKinds.TooSmall)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Report_flags_a_source_confounded_with_estimated_gender_even_when_the_label_is_not()
    {
        var a = await _dataset.AddSourceAsync("uni-a");
        var b = await _dataset.AddSourceAsync("uni-b");
        for (var i = 0; i < 8; i++)
        {
            await AddEstimatedAsync(a, $"a {i}", i % 2 == 0 ? "happy" : "unhappy", "female", 40);
            await AddEstimatedAsync(b, $"b {i}", i % 2 == 0 ? "happy" : "unhappy", "male", 40);
        }

        await new ExportStage().RunAsync(_dataset.Context);
        await new ReportStage().RunAsync(_dataset.Context);

        var report = await ReadJsonAsync();
        var flag = report.Flags.Where(f => f.Kind is not (FlagKinds.SmallSplit or FlagKinds.TooSmall)).ShouldHaveSingleItem();
        flag.Kind.ShouldBe(FlagKinds.ShortcutRisk);
        flag.Subject.ShouldBe("source x estimated gender");
        flag.Message.ShouldContain("estimates, not facts");
        flag.Score.ShouldBe(1.0, 1e-9);
        report.Demographics!.Contingencies[0].CramersV.ShouldBe(0);
    }

    [Fact]
    public async Task Report_follows_each_estimated_group_through_the_funnel_and_flags_the_group_a_quality_rule_drops()
    {
        await PlantedDemographics.SeedAndExportAsync(_dataset);

        await new ReportStage().RunAsync(_dataset.Context);

        var report = await ReadJsonAsync();
        var demographics = report.Demographics.ShouldNotBeNull();
        var genders = demographics.Funnel.Where(f => f.Estimate == "estimated gender").ToList();
        genders.ShouldBe(
        [
            new EstimateFunnel("estimated gender", "female", Estimated: 24, PassedQuality: 16, PassedRole: 15, Kept: 15, Exported: 15),
            new EstimateFunnel("estimated gender", "male", Estimated: 17, PassedQuality: 16, PassedRole: 15, Kept: 15, Exported: 15),
        ]);
        demographics.Funnel.Where(f => f.Estimate == "estimated age band").Select(f => f.Group).ShouldBe(["20-29", "30-39", "40-49", "50-59", "60 and over"]);
        demographics.Funnel.Where(f => f.Estimate == "estimated age band").Sum(f => f.Estimated).ShouldBe(41);
        var female = demographics.RejectionsByGroup.Single(g => g.Facet == "estimated gender" && g.Key == "female");
        female.ByRule[Rules.TooDark].ShouldBe(8);
        female.ByRule[Rules.NonAcademicRole].ShouldBe(1);

        var drop = report.Flags.Where(f => f.Kind == FlagKinds.StageDrop && f.Facet == "estimated gender").ShouldHaveSingleItem();
        drop.Subject.ShouldBe("female");
        drop.Message.ShouldContain("quality rules");
        drop.Message.ShouldContain("8 of 24");
        drop.Message.ShouldContain("estimates");
        report.Flags.ShouldNotContain(f => f.Facet == "estimated gender" && f.Subject == "male");
        // The role rule dropped one woman and one man: no gender is flagged for it.
        report.Flags.ShouldNotContain(f => f.Facet == "estimated gender" && f.Message.StartsWith("role rules", StringComparison.Ordinal));

        var html = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, ReportStage.HtmlFileName));
        html.ShouldContain("Demographic balance (estimated)");
        html.ShouldContain("Face detection's misses cannot be split by estimated group");
        html.ShouldContain(TestDataset.EstimatesModel);
        html.ShouldContain("UTKFace");
    }

    [Fact]
    public async Task Report_without_estimates_says_so_instead_of_empty_tables()
    {
        var a = await _dataset.AddSourceAsync("uni-a");
        await _dataset.AddKeptAsync(a, ["cs", "econ"], 4);

        await new ExportStage().RunAsync(_dataset.Context);
        await new ReportStage().RunAsync(_dataset.Context);

        var demographics = (await ReadJsonAsync()).Demographics.ShouldNotBeNull();
        demographics.Note.ShouldBe("No demographic estimates: curation.demographics is false, or no face was analysed.");
        demographics.EstimatedPersons.ShouldBe(0);
        demographics.NoEstimate.NotAnalysed.ShouldBe(8);
        demographics.Gender.ShouldBeNull();
        demographics.Contingencies.ShouldBeEmpty();
        demographics.Funnel.ShouldBeEmpty();
        var html = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, ReportStage.HtmlFileName));
        html.ShouldContain("Demographic balance (estimated)");
        html.ShouldContain("No demographic estimates: curation.demographics is false, or no face was analysed.");
        html.ShouldNotContain("Funnel per estimated group");
        html.ShouldNotContain("Label x estimated gender");
    }

    [Fact]
    public async Task Report_before_any_export_counts_kept_persons_and_the_age_bands_of_the_options()
    {
        var a = await _dataset.AddSourceAsync("uni-a");
        await AddEstimatedAsync(a, "young", "cs", "female", 17.5f);
        await AddEstimatedAsync(a, "middle", "cs", "male", 18);
        await AddEstimatedAsync(a, "old", "cs", "male", 70, probability: 0.55f, model: "another model 2.0");

        await new ReportStage(new ReportOptions { AgeBandEdges = [18, 65] }).RunAsync(_dataset.Context);

        var demographics = (await ReadJsonAsync()).Demographics.ShouldNotBeNull();
        demographics.Basis.ShouldBe("kept persons");
        demographics.AgeBands.ShouldBe(["under 18", "18-64", "65 and over"]);
        Counts(demographics.AgeBand!, demographics.AgeBand!.Overall).ShouldBe([1, 1, 1, 0]);
        demographics.AgeBand.BySplit.ShouldBeEmpty();
        demographics.Models.ShouldBe(["another model 2.0", TestDataset.EstimatesModel]);
        demographics.UncertainGender.ShouldBe(1);
        demographics.Funnel.ShouldAllBe(f => f.Exported == 0);
    }

    [Theory]
    [InlineData(new[] { 30, 20 })]
    [InlineData(new[] { 0, 20 })]
    [InlineData(new int[0])]
    public void ReportOptions_with_age_band_edges_out_of_order_or_range_is_rejected(int[] edges) =>
        Should.Throw<ValidationException>(() => new ReportStage(new ReportOptions { AgeBandEdges = edges }));

    [Fact]
    public async Task Report_json_and_html_hold_no_individual_estimate_and_no_descriptor()
    {
        await PlantedDemographics.SeedAndExportAsync(_dataset);

        await new ReportStage().RunAsync(_dataset.Context);

        var descriptorBase64 = Convert.ToBase64String(PlantedDemographics.Descriptor);
        var descriptorHex = Convert.ToHexString(PlantedDemographics.Descriptor);
        foreach (var file in new[] { ReportStage.HtmlFileName, ReportStage.JsonFileName })
        {
            var text = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, file));
            text.ShouldNotContain(descriptorBase64[..24]);
            text.ShouldNotContain(descriptorHex[..24], Case.Insensitive);
            text.ShouldNotContain("0.0123");
            foreach (var age in PlantedDemographics.AgeTexts)
            {
                Regex.IsMatch(text, $@"(?<![\d.]){Regex.Escape(age)}(?!\d)").ShouldBeFalse($"{file} holds the estimated age {age}");
            }

            text.ShouldNotContain("0.9137");
            text.ShouldNotContain("0.6137");
        }

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, ReportStage.JsonFileName)));
        var names = new List<string>();
        var fractions = new List<string>();
        Walk(json.RootElement.GetProperty("demographics"), null, names, fractions);
        // Counts only: every number under demographics is a whole count but the test statistics and the threshold.
        fractions.ShouldAllBe(name => name == "chiSquare" || name == "cramersV" || name == "uncertainBelow");
        Walk(json.RootElement, null, names, []);
        names.ShouldNotContain(n => n.Contains("descriptor", StringComparison.OrdinalIgnoreCase));
        names.ShouldNotContain(n => n.Contains("estimatedAge", StringComparison.OrdinalIgnoreCase));
        names.ShouldNotContain(n => n.Contains("personId", StringComparison.OrdinalIgnoreCase));
        names.ShouldNotContain(n => n.Contains("probability", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Report_age_bands_and_genders_agree_with_the_versions_datasheet()
    {
        var versionId = await PlantedDemographics.SeedAndExportAsync(_dataset);

        await new ReportStage().RunAsync(_dataset.Context);

        var demographics = (await ReadJsonAsync()).Demographics.ShouldNotBeNull();
        var datasheet = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.VersionsDirectory, versionId, "datasheet.md"));
        var bands = demographics.AgeBand!.Overall.Counts;
        datasheet.ShouldContain("- Estimated age band: " + string.Join(", ", demographics.AgeBands.Select(b => $"{b} {bands[b]}")) + $", no estimate {bands[NoEstimate]}.");
        datasheet.ShouldContain($"- Estimated gender: female {demographics.Gender!.Overall.Counts["female"]}, male {demographics.Gender.Overall.Counts["male"]}, no estimate 1.");
    }

    private static int[] Counts(EstimateBalance balance, EstimateRow row) => [.. balance.Values.Select(v => row.Counts[v])];

    private static void Walk(JsonElement element, string? name, List<string> names, List<string> fractions)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    names.Add(property.Name);
                    Walk(property.Value, property.Name, names, fractions);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, name, names, fractions);
                }

                break;
            case JsonValueKind.Number when !element.TryGetInt64(out _):
                fractions.Add(name ?? "(root)");
                break;
        }
    }

    private async Task AddEstimatedAsync(
        int source, string name, string label, string gender, float age, float probability = 0.95f, string model = TestDataset.EstimatesModel)
    {
        // Crops of one grey level, so no image statistic differs between the groups.
        var id = await _dataset.AddPersonAsync(source, name, label, crop: TestPng.Create(++_crops, 16, level: 120));
        await _dataset.SetEstimatesAsync(id, age, gender, probability, model: model);
    }

    private async Task<DatasetReport> ReadJsonAsync()
    {
        await using var stream = File.OpenRead(Path.Combine(_dataset.Workspace.ReportsDirectory, ReportStage.JsonFileName));
        return (await JsonSerializer.DeserializeAsync<DatasetReport>(stream, ReportStage.JsonOptions))!;
    }
}
