using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Export;
using DatasetForge.Export.Tests.Support;
using DatasetForge.Reporting.Model;

namespace DatasetForge.Reporting.Tests.Audit;

/// <summary>
/// An age dataset (a number label) is audited by the quantile bins export stratifies by, with the distribution shown;
/// and a facet that goes with the source (all women from one source) shows in a facet x facet table with a flag,
/// although the label is something else.
/// </summary>
public sealed partial class NumberLabelAndFacetCrossTests : IDisposable
{
    private readonly TestDataset _dataset = new("ages");

    public void Dispose() => _dataset.Dispose();

    [Fact]
    public async Task A_number_label_is_audited_by_bins_with_a_histogram_and_facet_pairs_are_cross_tabled()
    {
        var a = await _dataset.AddSourceAsync("uni-a");
        var b = await _dataset.AddSourceAsync("uni-b");
        // 40 distinct ages, 20 to 59; gender follows the source exactly, the age does not.
        for (var age = 20; age < 60; age++)
        {
            var fromA = age % 2 == 0;
            await _dataset.AddPersonAsync(
                fromA ? a : b, $"Person {age}", age.ToString(CultureInfo.InvariantCulture),
                crop: TestPng.Create(age, 16), facetsJson: fromA ? """{"gender":"female"}""" : """{"gender":"male"}""");
        }

        var context = NumberContext(bins: 4);
        await new ExportStage().RunAsync(context);

        await new ReportStage().RunAsync(context);

        var report = await ReadJsonAsync();
        var balance = report.Balance.ShouldNotBeNull();
        balance.Classes.Count.ShouldBe(4, string.Join(", ", balance.Classes));
        balance.Overall.Counts.Values.ShouldAllBe(n => n == 10);
        report.LabelBySource.Rows.Count.ShouldBe(4);
        report.FunnelByLabel.Count.ShouldBe(4);
        report.Flags.ShouldNotContain(f => f.Subject == "37");

        var distribution = report.LabelDistribution.ShouldNotBeNull();
        distribution.Count.ShouldBe(40);
        distribution.Min.ShouldBe(20);
        distribution.Max.ShouldBe(59);
        distribution.Median.ShouldBe(39.5);
        distribution.Bins.Sum(h => h.Count).ShouldBe(40);
        distribution.Bins.Count.ShouldBe(20);

        var cross = report.FacetByFacet.ShouldHaveSingleItem();
        (cross.RowFacet, cross.ColumnFacet).ShouldBe(("gender", "source"));
        cross.CramersV.ShouldNotBeNull().ShouldBe(1.0, 1e-9);
        report.Flags.ShouldContain(f => f.Kind == FlagKinds.ShortcutRisk && f.Subject == "gender x source");

        var html = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, "report.html"));
        html.ShouldContain("Distribution of age");
        html.ShouldContain("gender x source");
    }

    [Fact]
    public async Task Bins_of_a_number_label_read_in_numeric_order_in_every_table()
    {
        var a = await _dataset.AddSourceAsync("uni-a");
        // Ages 4 to 43: the bins start at one- and two-digit numbers, which ordinal order would put "12–…" before "4–…".
        for (var age = 4; age < 44; age++)
        {
            await _dataset.AddPersonAsync(a, $"Person {age}", age.ToString(CultureInfo.InvariantCulture), crop: TestPng.Create(age, 16));
        }

        var context = NumberContext(bins: 4);
        await new ExportStage().RunAsync(context);
        await new ReportStage().RunAsync(context);

        var report = await ReadJsonAsync();
        static double Start(string bin) => double.Parse(LeadingNumber().Match(bin).Value, CultureInfo.InvariantCulture);
        var classes = report.Balance.ShouldNotBeNull().Classes;
        classes.Count.ShouldBe(4);
        classes.Select(Start).ShouldBeInOrder(SortDirection.Ascending, string.Join(", ", classes));
        Start(classes[0]).ShouldBeLessThan(10);
        report.LabelBySource.Rows.Select(Start).ShouldBeInOrder(SortDirection.Ascending, string.Join(", ", report.LabelBySource.Rows));
    }

    [GeneratedRegex(@"^\d+(\.\d+)?")]
    private static partial Regex LeadingNumber();

    private StageContext NumberContext(int bins) => _dataset.Context with
    {
        Dataset = new DatasetDefinition
        {
            Name = _dataset.Definition.Name,
            Label = "age",
            LabelKind = LabelKind.Number,
            LabelBins = bins,
            Splits = _dataset.Definition.Splits,
            Seed = _dataset.Definition.Seed,
        },
    };

    private async Task<DatasetReport> ReadJsonAsync()
    {
        await using var stream = File.OpenRead(Path.Combine(_dataset.Workspace.ReportsDirectory, "report.json"));
        return (await JsonSerializer.DeserializeAsync<DatasetReport>(stream, ReportStage.JsonOptions))!;
    }
}
