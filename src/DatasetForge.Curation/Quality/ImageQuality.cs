using OpenCvSharp;

namespace DatasetForge.Curation.Quality;

/// <summary>
/// Measures what the quality rules read: sharpness (variance of the Laplacian), brightness (mean luminance) and
/// contrast (its standard deviation) of a crop, and whether a photo is greyscale.
/// </summary>
public static class ImageQuality
{
    /// <summary>Side the greyscale test samples the photo down to: enough to see colour, cheap on a 1920 px photo.</summary>
    private const int GreyscaleSample = 64;

    /// <summary>
    /// Mean channel difference (0 to 255) under which a photo counts as greyscale. JPEG chroma noise on a grey photo
    /// stays well under 1; a colour portrait's skin alone is over 10.
    /// </summary>
    public const double GreyscaleTolerance = 2.0;

    /// <summary>Sharpness, brightness and contrast of an 8-bit BGR or grey image.</summary>
    public static CropQuality Measure(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Empty())
        {
            throw new ArgumentException("The image is empty.", nameof(image));
        }

        using var grey = ToGrey(image);
        using var laplacian = new Mat();
        Cv2.Laplacian(grey, laplacian, MatType.CV_64F);
        Cv2.MeanStdDev(laplacian, out _, out var laplacianStd);
        Cv2.MeanStdDev(grey, out var mean, out var std);
        return new CropQuality(laplacianStd.Val0 * laplacianStd.Val0, mean.Val0, std.Val0);
    }

    /// <summary>Whether every pixel's channels are (nearly) equal: a black-and-white photo saved as colour.</summary>
    public static bool IsGreyscale(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels() == 1)
        {
            return true;
        }

        using var small = new Mat();
        Cv2.Resize(image, small, new Size(GreyscaleSample, GreyscaleSample), interpolation: InterpolationFlags.Area);
        var channels = small.Split();
        try
        {
            using var blueGreen = new Mat();
            using var greenRed = new Mat();
            Cv2.Absdiff(channels[0], channels[1], blueGreen);
            Cv2.Absdiff(channels[1], channels[2], greenRed);
            return (Cv2.Mean(blueGreen).Val0 + Cv2.Mean(greenRed).Val0) / 2 < GreyscaleTolerance;
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static Mat ToGrey(Mat image)
    {
        var grey = new Mat();
        if (image.Channels() == 1)
        {
            image.CopyTo(grey);
        }
        else
        {
            Cv2.CvtColor(image, grey, image.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);
        }

        return grey;
    }
}
