using DatasetForge.Reporting.Statistics;

namespace DatasetForge.Reporting.Tests.Statistics;

public sealed class BalanceStatisticsTests
{
    [Fact]
    public void NormalisedEntropy_of_equal_classes_is_one_and_of_a_single_filled_class_is_zero()
    {
        BalanceStatistics.NormalisedEntropy([5, 5, 5, 5])!.Value.ShouldBe(1.0, 1e-12);
        BalanceStatistics.NormalisedEntropy([9, 0, 0])!.Value.ShouldBe(0.0, 1e-12);
        BalanceStatistics.NormalisedEntropy([7]).ShouldBeNull();
    }

    [Fact]
    public void ImbalanceRatio_is_largest_over_smallest_and_null_when_a_class_is_empty()
    {
        BalanceStatistics.ImbalanceRatio([10, 5, 2])!.Value.ShouldBe(5.0);
        BalanceStatistics.ImbalanceRatio([3, 0]).ShouldBeNull();
    }

    [Fact]
    public void Independence_is_one_when_the_source_determines_the_label_and_zero_when_independent()
    {
        var confounded = BalanceStatistics.Independence([[10, 0], [0, 10]]);
        confounded.CramersV!.Value.ShouldBe(1.0, 1e-12);
        confounded.ChiSquare!.Value.ShouldBe(20.0, 1e-9);
        confounded.DegreesOfFreedom.ShouldBe(1);

        BalanceStatistics.Independence([[5, 5], [5, 5]]).CramersV!.Value.ShouldBe(0.0, 1e-12);
        BalanceStatistics.Independence([[5, 5], [0, 0]]).CramersV.ShouldBeNull();
    }
}
