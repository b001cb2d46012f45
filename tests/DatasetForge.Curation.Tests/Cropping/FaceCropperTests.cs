using DatasetForge.Curation.Cropping;
using DatasetForge.Curation.Detection;
using DatasetForge.Curation.Tests.Support;
using OpenCvSharp;

namespace DatasetForge.Curation.Tests.Cropping;

[Collection(DetectorCollection.Name)]
public sealed class FaceCropperTests(DetectorFixture fixture)
{
    private readonly BlazeFaceDetector _detector = fixture.Detector;

    [Theory]
    [InlineData(128)]
    [InlineData(96)]
    public void Crop_FaceOfGroupPhoto_IsCropSizeSquareWithLevelEyes(int cropSize)
    {
        using var sample = TestAssets.LoadSample(6);
        var face = _detector.Detect(sample).MaxBy(f => f.Score)!;

        using var crop = FaceCropper.Crop(sample, face, 0.5, cropSize);

        crop.Width.ShouldBe(cropSize);
        crop.Height.ShouldBe(cropSize);
        crop.Type().ShouldBe(MatType.CV_8UC3);
        var again = _detector.Detect(crop).MaxBy(f => f.Area)!;
        Math.Abs(FaceCropper.EyeAngleDegrees(again)).ShouldBeLessThan(5);
        // The face box takes about half the crop's width.
        (again.Box.Width / cropSize).ShouldBeInRange(0.35f, 0.65f);
    }

    [Theory]
    [InlineData(25)]
    [InlineData(-25)]
    public void Crop_TiltedFace_TurnsTheEyesLevel(double tilt)
    {
        using var sample = TestAssets.LoadSample(3);
        using var portrait = SampleFaces.Portrait(sample, _detector.Detect(sample), 1, margin: 3);
        var original = FaceCropper.EyeAngleDegrees(_detector.Detect(portrait).MaxBy(f => f.Area)!);
        using var tilted = new Mat();
        // A positive rotation turns the picture counter-clockwise, which lowers the eye line's angle by as much.
        using (var rotation = Cv2.GetRotationMatrix2D(new Point2f(portrait.Width / 2f, portrait.Height / 2f), original - tilt, 1))
        {
            Cv2.WarpAffine(portrait, tilted, rotation, portrait.Size(), InterpolationFlags.Linear, BorderTypes.Replicate);
        }

        var face = _detector.Detect(tilted).MaxBy(f => f.Area)!;
        Math.Abs(FaceCropper.EyeAngleDegrees(face)).ShouldBeGreaterThan(15);

        using var crop = FaceCropper.Crop(tilted, face, 0.5, 128);

        var again = _detector.Detect(crop).MaxBy(f => f.Area)!;
        Math.Abs(FaceCropper.EyeAngleDegrees(again)).ShouldBeLessThan(5);
    }

    [Fact]
    public void Crop_FaceAtTheEdge_PadsByRepeatingTheBorder()
    {
        using var image = new Mat(100, 100, MatType.CV_8UC3, new Scalar(10, 200, 30));
        var face = new FaceDetection(new Rect2f(-20, -20, 60, 60), 0.9f, []);

        using var crop = FaceCropper.Crop(image, face, 0.5, 64);

        crop.Size().ShouldBe(new Size(64, 64));
        crop.At<Vec3b>(0, 0).ShouldBe(new Vec3b(10, 200, 30));
    }
}
