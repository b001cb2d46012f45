using DatasetForge.FaceModels.Analysis;
using Xunit.Abstractions;

namespace DatasetForge.FaceModels.Tests.Analysis;

/// <summary>
/// Our TorchSharp networks against face-api's own TensorFlow.js outputs on the same 22 faces of the sample photos
/// (decoded by OpenCV on both sides, so only the networks and their pre-processing are compared).
/// </summary>
[Collection(AnalyzerCollection.Name)]
public sealed class FaceAnalyzerParityTests(AnalyzerFixture analyzer, ITestOutputHelper output)
{
    [Fact]
    public void Descriptors_MatchFaceApi_CosineAtLeast0999()
    {
        var pairs = analyzer.ReferencePairs;
        var cosines = pairs.Select(p => Cosine(p.Expected.Descriptor, p.Actual.Descriptor)).ToList();
        output.WriteLine($"descriptor cosine: min {cosines.Min():0.000000}, mean {cosines.Average():0.000000}; " +
            $"largest Euclidean gap {pairs.Max(p => FaceAnalysis.Distance(p.Expected.Descriptor, p.Actual.Descriptor)):0.0000}");

        pairs.Count.ShouldBe(22);
        cosines.ShouldAllBe(c => c >= 0.999);
    }

    [Fact]
    public void AgeAndGender_MatchFaceApi_WithinHalfAYearAndOnePercent()
    {
        var pairs = analyzer.ReferencePairs;
        var ageGaps = pairs.Select(p => Math.Abs(p.Expected.Age - p.Actual.Age)).ToList();
        var probabilityGaps = pairs.Select(p => Math.Abs(p.Expected.GenderProbability - p.Actual.GenderProbability)).ToList();
        output.WriteLine($"age gap: max {ageGaps.Max():0.0000} years; gender probability gap: max {probabilityGaps.Max():0.000000}");

        ageGaps.ShouldAllBe(g => g <= 0.5);
        probabilityGaps.ShouldAllBe(g => g <= 0.01);
        pairs.ShouldAllBe(p => p.Expected.Gender == p.Actual.Gender);
    }

    [Fact]
    public void Landmarks_AndAlignedRegions_MatchFaceApi()
    {
        var pairs = analyzer.ReferencePairs;
        var gaps = pairs.SelectMany(p => p.Expected.Landmarks.Zip(p.Actual.Landmarks, (e, a) => Math.Max(Math.Abs(e[0] - a.X), Math.Abs(e[1] - a.Y)))).ToList();
        output.WriteLine($"landmark gap: max {gaps.Max():0.0000} px, mean {gaps.Average():0.0000} px");

        gaps.Max().ShouldBeLessThan(0.5);
        foreach (var (expected, actual) in pairs)
        {
            Region(actual.DescriptorRegion).ShouldBe(expected.DescriptorSlice);
            Region(actual.AgeGenderRegion).ShouldBe(expected.AgeGenderSlice);
        }
    }

    private static double[] Region(FaceRegion region) => [region.X, region.Y, region.Width, region.Height];

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
