using DatasetForge.Export.Splitting;

namespace DatasetForge.Export.Tests.Splitting;

public sealed class FoldAssignerTests
{
    [Fact]
    public void Assign_is_deterministic_for_a_seed_and_differs_for_another()
    {
        var candidates = Enumerable.Range(0, 60).Select(i => new FoldCandidate($"item{i:D3}", i % 2 == 0 ? "a" : "b", i)).ToList();

        var first = FoldAssigner.Assign(candidates, 3, seed: 7);
        var again = FoldAssigner.Assign(candidates, 3, seed: 7);
        var other = FoldAssigner.Assign(candidates, 3, seed: 8);

        again.ShouldBe(first);
        other.ShouldNotBe(first);
        first.Values.GroupBy(f => f).Select(g => g.Count()).ShouldAllBe(c => c == 20);
    }

    [Fact]
    public void Assign_keeps_inherited_folds_and_rejects_one_fold()
    {
        var candidates = new[] { new FoldCandidate("x", "a", 1, PreviousFold: 2), new FoldCandidate("y", "a", 1), new FoldCandidate("z", "a", 2) };

        var folds = FoldAssigner.Assign(candidates, 4, seed: 1);

        folds["x"].ShouldBe(2);
        folds["y"].ShouldBe(2);
        Should.Throw<ArgumentOutOfRangeException>(() => FoldAssigner.Assign(candidates, 1, seed: 1));
    }
}
