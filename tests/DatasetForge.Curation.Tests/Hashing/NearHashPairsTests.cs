using System.Numerics;
using DatasetForge.Curation.Hashing;

namespace DatasetForge.Curation.Tests.Hashing;

public sealed class NearHashPairsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(40)]
    [InlineData(64)]
    public void Find_FindsExactlyThePairsThatComparingEveryPairFinds(int limit)
    {
        var hashes = PlantedHashes(seed: limit, count: 600);

        var found = NearHashPairs.Find(hashes, limit);

        found.Count.ShouldBe(found.Distinct().Count());
        found.ShouldAllBe(p => p.First < p.Second);
        found.OrderBy(p => p.First).ThenBy(p => p.Second).ShouldBe(BruteForce(hashes, limit));
    }

    [Fact]
    public void Find_ManyNearlyEqualHashes_StillFindsEveryPair()
    {
        // Every hash shares most blocks with every other: the index would not pay and compares all pairs instead.
        var random = new Random(5);
        var hashes = Enumerable.Range(0, 300).Select(_ => (long)(1UL << random.Next(64))).ToList();

        NearHashPairs.Find(hashes, 6).OrderBy(p => p.First).ThenBy(p => p.Second).ShouldBe(BruteForce(hashes, 6));
    }

    [Fact]
    public void Find_NegativeLimitOrFewerThanTwoHashes_FindsNothing()
    {
        NearHashPairs.Find([1, 1, 1], -1).ShouldBeEmpty();
        NearHashPairs.Find([42], 10).ShouldBeEmpty();
        NearHashPairs.Find([], 10).ShouldBeEmpty();
    }

    /// <summary>Random hashes, every fifth a copy of an earlier one with a few bits flipped (0 to 12).</summary>
    private static List<long> PlantedHashes(int seed, int count)
    {
        var random = new Random(seed);
        var hashes = new List<long>();
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && i % 5 == 0)
            {
                var copy = (ulong)hashes[random.Next(hashes.Count)];
                for (var flips = random.Next(13); flips > 0; flips--)
                {
                    copy ^= 1UL << random.Next(64);
                }

                hashes.Add((long)copy);
            }
            else
            {
                hashes.Add(random.NextInt64(long.MinValue, long.MaxValue));
            }
        }

        return hashes;
    }

    private static List<(int, int)> BruteForce(List<long> hashes, int limit)
    {
        var pairs = new List<(int, int)>();
        for (var i = 0; i < hashes.Count; i++)
        {
            for (var j = i + 1; j < hashes.Count; j++)
            {
                if (BitOperations.PopCount((ulong)(hashes[i] ^ hashes[j])) <= limit)
                {
                    pairs.Add((i, j));
                }
            }
        }

        return pairs;
    }
}
