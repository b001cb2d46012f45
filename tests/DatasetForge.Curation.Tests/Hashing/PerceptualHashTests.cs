using DatasetForge.Curation.Hashing;
using DatasetForge.Curation.Tests.Support;
using OpenCvSharp;

namespace DatasetForge.Curation.Tests.Hashing;

[Collection(DetectorCollection.Name)]
public sealed class PerceptualHashTests(DetectorFixture fixture)
{
    [Fact]
    public void Compute_SameFaceRecompressedAndResized_IsNear()
    {
        using var sample = TestAssets.LoadSample(4);
        using var portrait = SampleFaces.Portrait(sample, fixture.Detector.Detect(sample), 0);
        using var recompressed = Cv2.ImDecode(SampleFaces.Jpeg(portrait, 40), ImreadModes.Color);
        using var resized = new Mat();
        Cv2.Resize(recompressed, resized, new Size(portrait.Width * 3 / 4, portrait.Height * 3 / 4));

        PerceptualHash.Distance(PerceptualHash.Compute(portrait), PerceptualHash.Compute(resized)).ShouldBeLessThanOrEqualTo(4);
    }

    [Fact]
    public void Compute_DifferentFaces_AreFar()
    {
        using var sample = TestAssets.LoadSample(5);
        var faces = fixture.Detector.Detect(sample);
        var hashes = Enumerable.Range(0, faces.Count).Select(i =>
        {
            using var portrait = SampleFaces.Portrait(sample, faces, i);
            return PerceptualHash.Compute(portrait);
        }).ToList();

        for (var i = 0; i < hashes.Count; i++)
        {
            for (var j = i + 1; j < hashes.Count; j++)
            {
                PerceptualHash.Distance(hashes[i], hashes[j]).ShouldBeGreaterThan(10);
            }
        }
    }

    [Fact]
    public void Distance_StoredSignedValues_CountsDifferingBits()
    {
        PerceptualHash.Distance(-1L, 0L).ShouldBe(64);
        PerceptualHash.Distance(0b1011L, 0b0001L).ShouldBe(2);
    }
}
