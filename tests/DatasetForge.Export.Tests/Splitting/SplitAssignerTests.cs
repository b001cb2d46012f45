using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Export.Splitting;

namespace DatasetForge.Export.Tests.Splitting;

public sealed class SplitAssignerTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(23)]
    [InlineData(57)]
    public void Assign_singleton_groups_puts_every_label_within_one_item_of_the_ratios(int perLabel)
    {
        string[] labels = ["cs", "economics", "german", "mechanical"];
        var candidates = labels
            .SelectMany((label, l) => Enumerable.Range(0, perLabel + l).Select(i => new SplitCandidate($"{label}-{i}", label, (l * 1000) + i)))
            .ToList();

        var splits = SplitAssigner.Assign(candidates, SplitRatios.Default, seed: 42);

        foreach (var label in labels)
        {
            var items = candidates.Where(c => c.Label == label).ToList();
            foreach (var split in SplitTargets.All)
            {
                var count = items.Count(c => splits[c.ItemId] == split);
                Math.Abs(count - (items.Count * SplitTargets.RatioOf(SplitRatios.Default, split))).ShouldBeLessThan(1.0, $"{label} {split}");
            }
        }
    }

    [Fact]
    public void Assign_never_lets_a_group_straddle_two_splits()
    {
        var random = new Random(7);
        var candidates = Enumerable.Range(0, 300)
            .Select(i => new SplitCandidate($"item-{i}", $"label-{i % 4}", random.Next(0, 120)))
            .ToList();

        var splits = SplitAssigner.Assign(candidates, SplitRatios.Default, seed: 42);

        foreach (var group in candidates.GroupBy(c => c.Group))
        {
            group.Select(c => splits[c.ItemId]).Distinct().Count().ShouldBe(1, $"group {group.Key}");
        }
    }

    [Fact]
    public void Assign_is_deterministic_for_a_seed_and_differs_between_seeds()
    {
        var candidates = Enumerable.Range(0, 200).Select(i => new SplitCandidate($"item-{i}", $"label-{i % 3}", i)).ToList();

        var first = SplitAssigner.Assign(candidates, SplitRatios.Default, seed: 42);
        var again = SplitAssigner.Assign([.. Enumerable.Reverse(candidates)], SplitRatios.Default, seed: 42);
        var other = SplitAssigner.Assign(candidates, SplitRatios.Default, seed: 43);

        again.OrderBy(p => p.Key).ShouldBe(first.OrderBy(p => p.Key));
        other.Count(p => first[p.Key] != p.Value).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Assign_keeps_previous_splits_and_the_most_held_out_one_wins_in_a_merged_group()
    {
        List<SplitCandidate> candidates =
        [
            new("a", "cs", 1, Split.Test),
            new("b", "cs", 2, Split.Train),
            new("c", "cs", 3, Split.Train),
            new("d", "cs", 3, Split.Validation),
            new("e", "cs", 3),
        ];

        var splits = SplitAssigner.Assign(candidates, SplitRatios.Default, seed: 1);

        splits["a"].ShouldBe(Split.Test);
        splits["b"].ShouldBe(Split.Train);
        splits["c"].ShouldBe(Split.Validation);
        splits["d"].ShouldBe(Split.Validation);
        splits["e"].ShouldBe(Split.Validation);
    }

    [Fact]
    public void Assign_fills_the_shortfall_left_by_inherited_items()
    {
        // Seven old items all in train: the three new ones go to validation and test, where the targets are short.
        var candidates = Enumerable.Range(0, 7).Select(i => new SplitCandidate($"old-{i}", "cs", i, Split.Train))
            .Concat(Enumerable.Range(0, 3).Select(i => new SplitCandidate($"new-{i}", "cs", 100 + i)))
            .ToList();

        var splits = SplitAssigner.Assign(candidates, SplitRatios.Default, seed: 42);

        splits.Count(p => p.Value == Split.Train).ShouldBe(7);
        splits.Count(p => p.Value == Split.Validation).ShouldBe(2);
        splits.Count(p => p.Value == Split.Test).ShouldBe(1);
    }

    [Fact]
    public void Assign_names_the_first_listed_item_that_occurs_twice()
    {
        List<SplitCandidate> candidates =
        [
            new("a", "cs", 1), new("b", "cs", 2), new("c", "cs", 3), new("c", "cs", 4), new("b", "cs", 5),
        ];

        var error = Should.Throw<ArgumentException>(() => SplitAssigner.Assign(candidates, SplitRatios.Default, seed: 1));

        error.Message.ShouldStartWith("Item 'b' is listed more than once.");
    }
}
