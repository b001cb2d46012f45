using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using DatasetForge.Curation.Hashing;

namespace DatasetForge.Bench.Curation;

/// <summary>
/// Near-duplicate search over COUNT 64-bit hashes within LIMIT bits: every pair compared (what curation did before) against
/// the pigeonhole index. Hashes are random with every fifth a copy of an earlier one, 0-12 bits flipped (a photo and
/// its recompressed copies); real pHashes are less uniform, so the index's figure is a best case of its kind.
/// </summary>
internal static class NearPairsBench
{
    public static void Run(int count, int limit)
    {
        var random = new Random(1);
        var hashes = new List<long>(count);
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

        var watch = Stopwatch.StartNew();
        var indexed = NearHashPairs.Find(hashes, limit).Count;
        var indexSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var all = 0;
        for (var i = 0; i < hashes.Count; i++)
        {
            for (var j = i + 1; j < hashes.Count; j++)
            {
                if (BitOperations.PopCount((ulong)(hashes[i] ^ hashes[j])) <= limit)
                {
                    all++;
                }
            }
        }

        var allSeconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"RESULT near-pairs count={count} limit={limit} pairs={indexed} (every pair: {all}) index_s={indexSeconds:0.000} every_pair_s={allSeconds:0.000} ratio={allSeconds / indexSeconds:0.0}"));
    }
}
