using DatasetForge.Training.CrossValidation;

namespace DatasetForge.Training.Tests.CrossValidation;

public sealed class FoldAssignmentTests
{
    private static List<(string Id, string Label, int Group)> Items()
    {
        // 30 "cat" items in groups of 1-3 and 12 "dog" items in pairs: a grouped, imbalanced set.
        var items = new List<(string, string, int)>();
        var group = 0;
        for (var i = 0; i < 30; group++)
        {
            for (var n = 0; n < 1 + (group % 3) && i < 30; n++, i++)
            {
                items.Add(($"cat-{i}", "cat", group));
            }
        }

        for (var i = 0; i < 12; i += 2, group++)
        {
            items.Add(($"dog-{i}", "dog", group));
            items.Add(($"dog-{i + 1}", "dog", group));
        }

        return items;
    }

    [Fact]
    public void Assign_KeepsGroupsTogether_SpreadsEachLabel_AndIsDeterministic()
    {
        var items = Items();

        var folds = FoldAssignment.Assign(items, 3, seed: 5);

        folds.Count.ShouldBe(items.Count);
        items.GroupBy(i => i.Group).ShouldAllBe(g => g.Select(i => folds[i.Id]).Distinct().Count() == 1);
        foreach (var label in new[] { "cat", "dog" })
        {
            var perFold = Enumerable.Range(0, 3).Select(f => items.Count(i => i.Label == label && folds[i.Id] == f)).ToList();
            (perFold.Max() - perFold.Min()).ShouldBeLessThanOrEqualTo(3, $"{label}: {string.Join("/", perFold)}");
        }

        int[] InOrder(IReadOnlyDictionary<string, int> assigned) => [.. items.Select(i => assigned[i.Id])];
        InOrder(FoldAssignment.Assign(items, 3, seed: 5)).ShouldBe(InOrder(folds));
        InOrder(FoldAssignment.Assign(items, 3, seed: 6)).ShouldNotBe(InOrder(folds));
    }
}
