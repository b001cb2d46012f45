using DatasetForge.FaceModels.Analysis;
using DatasetForge.Testing;
using OpenCvSharp;

namespace DatasetForge.FaceModels.Tests.Analysis;

/// <summary>Descriptors as identity: the 22 different women of the sample photos stay apart at the default limit.</summary>
[Collection(AnalyzerCollection.Name)]
public sealed class IdentityTests(AnalyzerFixture analyzer)
{
    private static readonly double DefaultLimit = new DatasetForge.Core.Definitions.CurationOptions().IdentityDistance;

    [Fact]
    public void LevelledDescriptors_OfTheTwentyTwoSampleFaces_OnlyTheOneLookAlikePairWithinTheDefaultLimit()
    {
        var descriptors = Describe(DescriptorAlignment.LevelEyes);

        var pairs = DescriptorPairs.Find(descriptors, DefaultLimit);

        // Measured, not wished for: the strongly tilted head of sample 1 (face 2) and a woman of sample 3 (face 7) lie at
        // 0.45; every other pair of the 231 is beyond the default limit. README "People" gives the trade-off.
        descriptors.Count.ShouldBe(22);
        pairs.Select(p => (p.First, p.Second)).ShouldBe([(2, 7)]);
        pairs[0].Distance.ShouldBeGreaterThan(0.42);
        DescriptorPairs.Find(descriptors, 0.42).ShouldBeEmpty();
    }

    [Fact]
    public void FaceApiAlignment_PutsTwoOfThemCloser_WhichIsWhyTheDefaultLevelsTheEyes()
    {
        // face-api's unturned box puts two women of sample 4 at 0.41: the measured reason for LevelEyes.
        var pairs = DescriptorPairs.Find(Describe(DescriptorAlignment.FaceApi), 0.5);

        pairs.Count.ShouldBe(1);
        pairs[0].Distance.ShouldBeLessThan(0.42);
    }

    [Fact]
    public void DescriptorPairs_FindsExactlyThePairsWithinTheLimit_ComparedWithEveryPair()
    {
        var random = new Random(7);
        var descriptors = Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, 128).Select(_ => (float)(random.NextDouble() * 0.1)).ToArray()).ToList();

        var found = DescriptorPairs.Find(descriptors, 0.4).Select(p => (p.First, p.Second)).ToHashSet();

        var expected = new HashSet<(int, int)>();
        for (var i = 0; i < descriptors.Count; i++)
        {
            for (var j = i + 1; j < descriptors.Count; j++)
            {
                if (FaceAnalysis.Distance(descriptors[i], descriptors[j]) <= 0.4)
                {
                    expected.Add((i, j));
                }
            }
        }

        expected.Count.ShouldBeInRange(1, (300 * 299 / 2) - 1);
        found.SetEquals(expected).ShouldBeTrue();
    }

    private List<float[]> Describe(DescriptorAlignment alignment)
    {
        var result = new List<float[]>();
        foreach (var photo in FaceApiReference.Load().Faces.GroupBy(f => f.Sample))
        {
            using var image = Cv2.ImDecode(File.ReadAllBytes(Path.Combine(TestAssets.SamplePhotosDirectory, $"sample{photo.Key}.jpg")), ImreadModes.Color);
            result.AddRange(analyzer.Analyzer.Analyze(image, [.. photo.Select(f => new FaceRegion(f.Box[0], f.Box[1], f.Box[2], f.Box[3]))], alignment)
                .Select(a => a!.Descriptor));
        }

        return result;
    }
}
