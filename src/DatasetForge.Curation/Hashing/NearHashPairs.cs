using System.Numerics;

namespace DatasetForge.Curation.Hashing;

/// <summary>
/// Finds every pair of 64-bit perceptual hashes within a Hamming distance without comparing every pair with every
/// other: by the pigeonhole principle, two hashes that differ in at most d bits agree exactly on at least one of
/// d + 1 disjoint blocks of their bits, so only hashes sharing a block value are compared. Near-linear for spread-out
/// hashes at small distances (the crop default, 6); falls back to comparing all pairs when the blocks would be too narrow
/// (from d = 9) or the buckets too full for the index to pay.
/// </summary>
public static class NearHashPairs
{
    /// <summary>Below this many bits per block, buckets are too coarse for the index to pay.</summary>
    private const int MinBlockBits = 4;

    /// <summary>
    /// Every pair (i, j), i &lt; j, of <paramref name="hashes"/> whose Hamming distance is at most
    /// <paramref name="limit"/>, each exactly once, in no particular order. A negative limit finds nothing.
    /// </summary>
    public static IReadOnlyList<(int First, int Second)> Find(IReadOnlyList<long> hashes, int limit)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        if (limit < 0 || hashes.Count < 2)
        {
            return [];
        }

        var blocks = limit + 1;
        if (64 / blocks < MinBlockBits)
        {
            return AllPairs(hashes, limit);
        }

        var (shifts, masks) = Blocks(blocks);

        // The share of all pairs that land in a common bucket for uniformly spread hashes: past a tenth the index
        // does not pay (a candidate costs several plain comparisons), so its buckets are not even built. That is the
        // case from limit 9 on; bench/curation near-pairs measured the index slower there.
        if (masks.Sum(m => 1.0 / (m + 1.0)) * 10 >= 1)
        {
            return AllPairs(hashes, limit);
        }

        var buckets = new Dictionary<ulong, List<int>>[blocks];
        long candidates = 0;
        for (var b = 0; b < blocks; b++)
        {
            var bucket = buckets[b] = [];
            for (var i = 0; i < hashes.Count; i++)
            {
                var key = ((ulong)hashes[i] >> shifts[b]) & masks[b];
                if (!bucket.TryGetValue(key, out var members))
                {
                    bucket[key] = members = [];
                }

                candidates += members.Count;
                members.Add(i);
            }
        }

        // The hashes are not spread out (near-identical images everywhere): with more than an eighth of all pairs as
        // candidates, comparing all is cheaper. Measured with bench/curation near-pairs (README).
        if (candidates * 8 >= (long)hashes.Count * (hashes.Count - 1) / 2)
        {
            return AllPairs(hashes, limit);
        }

        var pairs = new List<(int, int)>();
        for (var b = 0; b < blocks; b++)
        {
            foreach (var members in buckets[b].Values)
            {
                for (var x = 0; x < members.Count; x++)
                {
                    for (var y = x + 1; y < members.Count; y++)
                    {
                        var (i, j) = (members[x], members[y]);
                        var (a, c) = ((ulong)hashes[i], (ulong)hashes[j]);
                        if (BitOperations.PopCount(a ^ c) <= limit && FirstSharedBlock(a, c, shifts, masks) == b)
                        {
                            pairs.Add((i, j));
                        }
                    }
                }
            }
        }

        return pairs;
    }

    private static List<(int, int)> AllPairs(IReadOnlyList<long> list, int limit)
    {
        var hashes = list.ToArray();
        var pairs = new List<(int, int)>();
        for (var i = 0; i < hashes.Length; i++)
        {
            var a = hashes[i];
            for (var j = i + 1; j < hashes.Length; j++)
            {
                if (BitOperations.PopCount((ulong)(a ^ hashes[j])) <= limit)
                {
                    pairs.Add((i, j));
                }
            }
        }

        return pairs;
    }

    /// <summary>The lowest block on which two hashes agree: the one bucket that reports their pair.</summary>
    private static int FirstSharedBlock(ulong a, ulong b, int[] shifts, ulong[] masks)
    {
        for (var block = 0; block < shifts.Length; block++)
        {
            if (((a >> shifts[block]) & masks[block]) == ((b >> shifts[block]) & masks[block]))
            {
                return block;
            }
        }

        return -1;
    }

    /// <summary>64 bits cut into <paramref name="count"/> disjoint blocks of (nearly) equal width.</summary>
    private static (int[] Shifts, ulong[] Masks) Blocks(int count)
    {
        var shifts = new int[count];
        var masks = new ulong[count];
        var offset = 0;
        for (var b = 0; b < count; b++)
        {
            var width = (64 / count) + (b < 64 % count ? 1 : 0);
            shifts[b] = offset;
            masks[b] = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
            offset += width;
        }

        return (shifts, masks);
    }
}
