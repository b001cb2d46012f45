using DatasetForge.Training.Ensembles;

namespace DatasetForge.Training.Tests.Ensembles;

public sealed class EnsembleVoteTests
{
    // Three runs, three items, three classes.
    private static readonly List<float[][]> Runs =
    [
        [[0.6f, 0.3f, 0.1f], [0.1f, 0.8f, 0.1f], [0.5f, 0.4f, 0.1f]],
        [[0.2f, 0.7f, 0.1f], [0.1f, 0.7f, 0.2f], [0.1f, 0.2f, 0.7f]],
        [[0.2f, 0.6f, 0.2f], [0.3f, 0.3f, 0.4f], [0.2f, 0.1f, 0.7f]],
    ];

    [Fact]
    public void Majority_TheMostVotesWinEvenAgainstAConfidentRun()
    {
        EnsembleVote.Combine(Runs).ShouldBe([1, 1, 2]);
    }

    [Fact]
    public void Weighted_AHeavyRunOutvotesTwoLightOnes()
    {
        EnsembleVote.Combine(Runs, [0.9, 0.2, 0.3]).ShouldBe([0, 1, 0]);
    }

    [Fact]
    public void Tie_IsBrokenByTheSummedProbabilities_NotByRunOrder()
    {
        List<float[][]> two = [[[0.9f, 0.1f]], [[0.4f, 0.6f]]];
        List<float[][]> swapped = [two[1], two[0]];

        EnsembleVote.Combine(two).ShouldBe([0]);
        EnsembleVote.Combine(swapped).ShouldBe([0]);
    }

    [Fact]
    public void Weights_OfTheWrongCountOrAllZero_AreRejected()
    {
        Should.Throw<ArgumentException>(() => EnsembleVote.Combine(Runs, [1, 1]));
        Should.Throw<ArgumentException>(() => EnsembleVote.Combine(Runs, [0, 0, 0]));
    }
}
