using DatasetForge.Curation.Detection;
using DatasetForge.Curation.Tests.Support;
using OpenCvSharp;

namespace DatasetForge.Curation.Tests.Detection;

[Collection(DetectorCollection.Name)]
public sealed class BlazeFaceDetectorTests(DetectorFixture fixture)
{
    private readonly BlazeFaceDetector _detector = fixture.Detector;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Detect_GroupPhoto_FindsNearlyEveryFaceAndNoMore(int sample)
    {
        using var image = TestAssets.LoadSample(sample);
        var known = TestAssets.SampleFaceCounts[sample];

        var faces = _detector.Detect(image);

        faces.Count.ShouldBeGreaterThanOrEqualTo(known - 1);
        faces.Count.ShouldBeLessThanOrEqualTo(known);
        faces.ShouldAllBe(f => f.Score >= 0.7f && f.Keypoints.Count == 6);
        foreach (var face in faces)
        {
            face.Box.X.ShouldBeGreaterThan(-face.Box.Width / 4);
            face.Box.Right.ShouldBeLessThan(image.Width + (face.Box.Width / 4));
            face.Box.Width.ShouldBeInRange(100f, 400f);
            (face.Box.Width / face.Box.Height).ShouldBeInRange(0.8f, 1.25f);
        }
    }

    [Fact]
    public void Detect_AllSamples_FindsAtLeast20Of22Faces()
    {
        var total = 0;
        for (var sample = 1; sample <= 6; sample++)
        {
            using var image = TestAssets.LoadSample(sample);
            total += _detector.Detect(image).Count;
        }

        total.ShouldBeInRange(20, 22);
    }

    [Fact]
    public void Detect_PortraitOfOneFace_FindsOneDominantFaceWithKeypointsInside()
    {
        using var sample = TestAssets.LoadSample(3);
        var faces = _detector.Detect(sample);
        using var portrait = SampleFaces.Portrait(sample, faces, 1);

        var found = _detector.Detect(portrait);

        found.ShouldNotBeEmpty();
        var dominant = found.MaxBy(f => f.Area)!;
        found.Where(f => f != dominant).ShouldAllBe(f => f.Area < dominant.Area * 0.25f);
        var centre = new Point2f(portrait.Width / 2f, portrait.Height / 2f);
        dominant.Box.Contains(centre).ShouldBeTrue();
        foreach (var point in dominant.Keypoints.Take(4))
        {
            dominant.Box.Contains(point).ShouldBeTrue($"keypoint {point} lies outside {dominant.Box}");
        }

        dominant.RightEye!.Value.X.ShouldBeLessThan(dominant.LeftEye!.Value.X);
    }

    [Fact]
    public void Detect_PortraitInFrontModelOnly_FindsTheFace()
    {
        using var sample = TestAssets.LoadSample(1);
        var faces = _detector.Detect(sample);
        using var portrait = SampleFaces.Portrait(sample, faces, 2, margin: 1.8);

        BlazeFaceDetector.IsPortraitLike(portrait.Width, portrait.Height).ShouldBeTrue();
        _detector.Detect(portrait, BlazeFaceModelKind.Front).ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void Detect_BackgroundWithoutFaces_FindsNone(int sample)
    {
        using var image = TestAssets.LoadSample(sample);
        using var background = SampleFaces.Background(image, _detector.Detect(image));

        _detector.Detect(background).ShouldBeEmpty();
    }

    [Fact]
    public void Detect_NotBgr_Throws()
    {
        using var grey = new Mat(64, 64, MatType.CV_8UC1, Scalar.All(128));

        Should.Throw<ArgumentException>(() => _detector.Detect(grey));
    }

    [Fact]
    public void Constructor_MissingModel_ThrowsNamingThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-model.onnx");

        Should.Throw<FileNotFoundException>(() => new BlazeFaceDetector(missing, missing)).Message.ShouldContain(missing);
    }

    [Fact]
    public void Detect_CalledFromSeveralThreads_GivesTheSameFaces()
    {
        using var image = TestAssets.LoadSample(5);
        var expected = _detector.Detect(image).Select(f => f.Box).ToList();

        var results = Enumerable.Range(0, 4).AsParallel().Select(_ => _detector.Detect(image).Select(f => f.Box).ToList()).ToList();

        results.ShouldAllBe(r => r.SequenceEqual(expected));
    }
}
