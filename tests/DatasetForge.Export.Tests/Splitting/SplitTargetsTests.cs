using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Export.Splitting;

namespace DatasetForge.Export.Tests.Splitting;

public sealed class SplitTargetsTests
{
    [Fact]
    public void For_every_size_up_to_100_targets_add_up_and_are_within_one_item_of_the_ratios()
    {
        var ratios = SplitRatios.Default;
        for (var n = 0; n <= 100; n++)
        {
            var targets = SplitTargets.For(n, ratios);
            targets.Values.Sum().ShouldBe(n);
            foreach (var split in SplitTargets.All)
            {
                Math.Abs(targets[split] - (n * SplitTargets.RatioOf(ratios, split))).ShouldBeLessThan(1.0, $"n={n}, {split}");
            }
        }
    }

    [Theory]
    [InlineData(5, 3, 1, 1)]
    [InlineData(10, 7, 2, 1)]
    [InlineData(3, 2, 1, 0)]
    [InlineData(1, 1, 0, 0)]
    public void For_small_classes_gives_the_documented_counts(int n, int train, int validation, int test)
    {
        var targets = SplitTargets.For(n, SplitRatios.Default);

        targets[Split.Train].ShouldBe(train);
        targets[Split.Validation].ShouldBe(validation);
        targets[Split.Test].ShouldBe(test);
    }

    [Fact]
    public void For_a_zero_ratio_never_targets_that_split()
    {
        var ratios = new SplitRatios(0.8, 0.2, 0);
        for (var n = 0; n < 30; n++)
        {
            SplitTargets.For(n, ratios)[Split.Test].ShouldBe(0);
        }
    }
}
