using DatasetForge.Training.Evaluation;

namespace DatasetForge.Training.Tests.Evaluation;

public sealed class MetricsCalculatorTests
{
    [Fact]
    public void Compute_KnownPredictions_GivesTextbookNumbers()
    {
        // true:      a a a b b c
        // predicted: a a b b c c
        var metrics = MetricsCalculator.Compute("r", "v", "test", ["a", "b", "c"], [0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2]);

        metrics.Count.ShouldBe(6);
        metrics.Accuracy.ShouldBe(4 / 6.0, 1e-12);
        metrics.ConfusionMatrix.Select(r => r.ToArray()).ToArray().ShouldBe([[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
        var a = metrics.PerClass[0];
        a.Precision.ShouldBe(1.0);
        a.Recall.ShouldBe(2 / 3.0, 1e-12);
        a.F1.ShouldBe(0.8, 1e-12);
        a.Support.ShouldBe(3);
        metrics.PerClass[1].F1.ShouldBe(0.5, 1e-12);
        metrics.PerClass[2].F1.ShouldBe(2 / 3.0, 1e-12);
        metrics.MacroF1.ShouldBe((0.8 + 0.5 + (2 / 3.0)) / 3, 1e-12);
    }

    [Fact]
    public void Compute_ClassNeverPredicted_HasZeroPrecisionNotNaN()
    {
        var metrics = MetricsCalculator.Compute("r", "v", "test", ["a", "b"], [0, 1], [0, 0]);

        metrics.PerClass[1].Precision.ShouldBe(0);
        metrics.PerClass[1].F1.ShouldBe(0);
        double.IsNaN(metrics.MacroF1).ShouldBeFalse();
    }

    [Fact]
    public void Compute_ClassAbsentFromTheSplit_IsLeftOutOfMacroF1AndNamed()
    {
        // Class c has no test item: its F1 is undefined, not 0, and must not drag the macro average down.
        var metrics = MetricsCalculator.Compute("r", "v", "test", ["a", "b", "c"], [0, 0, 1, 1], [0, 0, 1, 1]);

        metrics.MacroF1.ShouldBe(1.0, 1e-12);
        metrics.AbsentClasses.ShouldBe(["c"]);
        metrics.PerClass[2].PrecisionDefined.ShouldBeFalse();
    }

    [Fact]
    public void Compute_ClassNeverPredicted_MarksItsPrecisionUndefined()
    {
        var metrics = MetricsCalculator.Compute("r", "v", "test", ["a", "b"], [0, 1], [0, 0]);

        metrics.PerClass[0].PrecisionDefined.ShouldBeTrue();
        metrics.PerClass[1].PrecisionDefined.ShouldBeFalse();
        metrics.AbsentClasses.ShouldBeEmpty();
    }

    [Fact]
    public void EvaluationPage_UndefinedPrecisionIsADashAndTheLeftOutClassIsNoted()
    {
        var metrics = MetricsCalculator.Compute("r", "v", "test", ["a", "b", "c"], [0, 0, 1, 1], [0, 0, 0, 0]);

        var html = EvaluationPage.Render(metrics, "small-cnn", null);

        html.ShouldContain("<td class=\"n\">—</td>");
        html.ShouldContain("left out, with no item in it: c");
        html.ShouldContain("within chance");
    }
}
