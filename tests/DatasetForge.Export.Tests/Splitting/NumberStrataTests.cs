using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Export.Splitting;

namespace DatasetForge.Export.Tests.Splitting;

public sealed class NumberStrataTests
{
    [Fact]
    public void For_Ages_CutsQuantileBinsOfAboutEqualCount_EqualValuesShareOne()
    {
        var ages = Enumerable.Range(18, 60).Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var strata = NumberStrata.For(ages, 5);

        strata.Values.Distinct().Count().ShouldBe(5);
        strata.Values.GroupBy(v => v).ShouldAllBe(g => g.Count() == 12);
        strata["18"].ShouldBe(strata["29"]);
        strata["18"].ShouldNotBe(strata["30"]);
        strata["77"].ShouldBe("66–77");
    }

    [Fact]
    public void Splits_OfANumberLabel_SpanTheWholeRangeInEverySplit()
    {
        // 39 distinct ages, 10 items each: stratified by raw value, each age would be a class with 7/2/1 items; by bins,
        // each split holds young and old alike.
        var candidates = Enumerable.Range(20, 39)
            .SelectMany(age => Enumerable.Range(0, 10).Select(i => (Id: $"{age}-{i}", Age: age)))
            .ToList();
        var strata = NumberStrata.For([.. candidates.Select(c => c.Age.ToString(System.Globalization.CultureInfo.InvariantCulture)).Distinct()], 5);

        var splits = SplitAssigner.Assign(
            [.. candidates.Select((c, i) => new SplitCandidate(c.Id, strata[c.Age.ToString(System.Globalization.CultureInfo.InvariantCulture)], i))],
            SplitRatios.Default,
            seed: 42);

        foreach (var bin in strata.Values.Distinct())
        {
            var members = candidates.Where(c => strata[c.Age.ToString(System.Globalization.CultureInfo.InvariantCulture)] == bin).ToList();
            var test = members.Count(c => splits[c.Id] == Split.Test);
            test.ShouldBeInRange((int)Math.Floor(members.Count * 0.1), (int)Math.Ceiling(members.Count * 0.1));
        }
    }
}
