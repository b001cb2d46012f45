using DatasetForge.Reporting.Images;
using OpenCvSharp;

namespace DatasetForge.Reporting.Tests.Images;

public sealed class JpegQualityTests
{
    [Theory]
    [InlineData(30)]
    [InlineData(75)]
    [InlineData(95)]
    public void Estimate_recovers_the_quality_libjpeg_wrote(int quality)
    {
        using var image = new Mat(64, 64, MatType.CV_8UC3);
        Cv2.Randu(image, Scalar.All(0), Scalar.All(255));
        Cv2.ImEncode(".jpg", image, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));

        JpegQuality.Estimate(jpeg).ShouldNotBeNull().ShouldBe(quality, tolerance: 1.5);
    }

    [Fact]
    public void Estimate_of_a_png_or_a_truncated_header_is_null()
    {
        using var image = new Mat(8, 8, MatType.CV_8UC3, Scalar.All(128));
        Cv2.ImEncode(".png", image, out var png);

        JpegQuality.Estimate(png).ShouldBeNull();
        JpegQuality.Estimate([0xFF, 0xD8, 0xFF]).ShouldBeNull();
    }
}
