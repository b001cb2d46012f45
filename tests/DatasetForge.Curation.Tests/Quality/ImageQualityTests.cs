using DatasetForge.Curation.Quality;
using DatasetForge.Curation.Tests.Support;
using OpenCvSharp;

namespace DatasetForge.Curation.Tests.Quality;

[Collection(DetectorCollection.Name)]
public sealed class ImageQualityTests(DetectorFixture fixture)
{
    [Fact]
    public void Measure_BlurredCopy_IsFarLessSharpThanTheOriginal()
    {
        using var portrait = Portrait();
        using var blurred = new Mat();
        Cv2.GaussianBlur(portrait, blurred, new Size(0, 0), 6);

        var sharp = ImageQuality.Measure(portrait);
        var soft = ImageQuality.Measure(blurred);

        soft.Sharpness.ShouldBeLessThan(sharp.Sharpness / 10);
        soft.Brightness.ShouldBe(sharp.Brightness, 3);
    }

    [Fact]
    public void Measure_DarkenedCopy_HasLowerBrightnessAndContrast()
    {
        using var portrait = Portrait();
        using var dark = new Mat();
        portrait.ConvertTo(dark, MatType.CV_8UC3, 0.2);

        var normal = ImageQuality.Measure(portrait);
        var dim = ImageQuality.Measure(dark);

        dim.Brightness.ShouldBe(normal.Brightness * 0.2, 2);
        dim.Contrast.ShouldBeLessThan(normal.Contrast / 3);
    }

    [Fact]
    public void IsGreyscale_ColourPhotoAndItsGreyCopy_TellThemApart()
    {
        using var portrait = Portrait();
        using var grey = new Mat();
        using var greyBgr = new Mat();
        Cv2.CvtColor(portrait, grey, ColorConversionCodes.BGR2GRAY);
        Cv2.CvtColor(grey, greyBgr, ColorConversionCodes.GRAY2BGR);
        using var recompressed = Cv2.ImDecode(SampleFaces.Jpeg(greyBgr, 70), ImreadModes.Color);

        ImageQuality.IsGreyscale(portrait).ShouldBeFalse();
        ImageQuality.IsGreyscale(recompressed).ShouldBeTrue();
        ImageQuality.IsGreyscale(grey).ShouldBeTrue();
    }

    private Mat Portrait()
    {
        using var sample = TestAssets.LoadSample(2);
        return SampleFaces.Portrait(sample, fixture.Detector.Detect(sample), 1);
    }
}
