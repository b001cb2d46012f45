using System.Text.RegularExpressions;
using DatasetForge.Core.Html;
using DatasetForge.Training.Evaluation;
using DatasetForge.Training.Runs;

namespace DatasetForge.Training.Tests.Evaluation;

/// <summary>The evaluation page: the learning curve from epochs.csv, the report's stylesheet, no empty per-class blocks.</summary>
public sealed partial class EvaluationPageTests
{
    private static readonly EpochRecord[] Epochs =
    [
        new(1, 1.10, 0.40, 1.05, 0.45, 3),
        new(2, 0.80, 0.60, 0.90, 0.55, 3),
        new(3, 0.55, 0.75, 0.95, 0.50, 3),
    ];

    [Fact]
    public void Render_WithEpochs_EmbedsBothLossesAndTheMetricOnItsOwnPanelWithTicksAndLegends()
    {
        var metrics = MetricsCalculator.Compute("run-1", "v", "test", ["a", "b"], [0, 1, 1], [0, 1, 0]);

        var html = EvaluationPage.Render(metrics, "small-cnn", epochs: Epochs);

        var section = html[html.IndexOf("id=\"learning-curve\"", StringComparison.Ordinal)..html.IndexOf("<h2>Per class</h2>", StringComparison.Ordinal)];
        var panels = section.Split("<svg ").Skip(1).ToList();
        panels.Count.ShouldBe(2);
        panels[0].ShouldContain(">train loss</text>");
        panels[0].ShouldContain(">validation loss</text>");
        panels[1].ShouldContain(">train accuracy</text>");
        panels[1].ShouldContain(">validation accuracy</text>");
        panels.ShouldAllBe(p => Regex.Count(p, "<polyline") == 2);
        // The metric's own axis runs 0 to 100 %, the epochs 1 to 3 along the bottom.
        Ticks(panels[1]).ShouldContain("0%");
        Ticks(panels[1]).ShouldContain("100%");
        Ticks(panels[0]).ShouldContain("1");
        Ticks(panels[0]).ShouldContain("3");
        section.ShouldContain("Lowest validation loss 0.9 at epoch 2");
        html.ShouldContain(PageStyle.Css);
    }

    [Fact]
    public void Render_WithoutEpochs_SaysSoInsteadOfAnEmptyChart()
    {
        var metrics = MetricsCalculator.Compute("run-1", "v", "test", ["a", "b"], [0, 1], [0, 1]);

        var html = EvaluationPage.Render(metrics, "small-cnn");

        html.ShouldContain("no learning curve to draw");
        html.ShouldNotContain("<polyline");
    }

    [Fact]
    public void Render_ClassWithoutTestItems_GetsNoRowsAndIsNamedInOneLine()
    {
        // c has no test item but was predicted once: its column stays in the matrix (a mistake into it), its empty row goes.
        var metrics = MetricsCalculator.Compute("run-1", "v", "test", ["a", "b", "c"], [0, 0, 1, 1], [0, 2, 1, 1]);

        var html = EvaluationPage.Render(metrics, "small-cnn");

        var perClass = html[html.IndexOf("<h2>Per class</h2>", StringComparison.Ordinal)..html.IndexOf("<h2>Confusion matrix</h2>", StringComparison.Ordinal)];
        perClass.ShouldNotContain("<tr><td>c</td>");
        perClass.ShouldContain("No test items, so left out of this table, the matrix's rows and the galleries: c.");
        var matrix = html[html.IndexOf("<h2>Confusion matrix</h2>", StringComparison.Ordinal)..];
        matrix.ShouldContain("<th>c</th>");
        matrix.ShouldNotContain("<tr><th>c</th>");
        Regex.Count(matrix[matrix.IndexOf("<tbody>", StringComparison.Ordinal)..], "<tr><th>").ShouldBe(2, "one row per class with test items");
    }

    [Fact]
    public void LearningCurveFile_IsOneStandaloneSvgCarryingTheChartStyle()
    {
        var svg = LearningCurvePlot.Render(Epochs, regression: true);

        svg.ShouldStartWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        svg.ShouldContain("<style>" + SvgCharts.Css + "</style>");
        svg.ShouldContain(">validation MAE</text>");
        Regex.Count(svg, "<polyline").ShouldBe(4);
    }

    [Theory]
    [InlineData(0.0, 5, 1.0)]
    [InlineData(1.0, 5, 0.2)]
    [InlineData(0.35, 5, 0.1)]
    [InlineData(27, 8, 5)]
    [InlineData(7, 8, 1)]
    public void NiceStep_CutsTheSpanInOneTwoOrFiveTimesAPowerOfTen(double span, int parts, double step) =>
        SvgCharts.NiceStep(span, parts).ShouldBe(step, 1e-12);

    [Fact]
    public void Lines_LeaveOutValuesThatAreNotFiniteAndDrawALonePointAsADot()
    {
        var svg = SvgCharts.Lines("t", "epoch", "loss", [new LineSeries("only", [(1, 0.5), (2, double.NaN)])]);

        Regex.Count(svg, "<circle").ShouldBe(1);
        svg.ShouldNotContain("NaN");
    }

    private static List<string> Ticks(string svg) =>
        [.. TickText().Matches(svg).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("class=\"tick\"[^>]*>([^<]*)</text>")]
    private static partial Regex TickText();
}
