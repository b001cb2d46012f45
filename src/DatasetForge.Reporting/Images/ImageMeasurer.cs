using OpenCvSharp;

namespace DatasetForge.Reporting.Images;

/// <summary>Measures crops with OpenCV: luminance mean and spread, greyscale, and the border's colour.</summary>
public static class ImageMeasurer
{
    /// <summary>Mean absolute difference between colour channels below which an image counts as greyscale.</summary>
    public const double GreyscaleTolerance = 3.0;

    /// <summary>
    /// Measures the crop at <paramref name="cropPath"/>; null when it is missing or not decodable. Values the curate stage
    /// already recorded (<paramref name="brightness"/>, <paramref name="contrast"/>, <paramref name="isGreyscale"/>)
    /// are taken as they are; the background always comes from the crop.
    /// </summary>
    public static ImageMeasure? Measure(
        string cropPath, int originalWidth, int originalHeight, string? originalPath,
        double? brightness = null, double? contrast = null, bool? isGreyscale = null)
    {
        if (!File.Exists(cropPath))
        {
            return null;
        }

        using var image = Cv2.ImRead(cropPath, ImreadModes.Color);
        if (image.Empty())
        {
            return null;
        }

        using var grey = new Mat();
        Cv2.CvtColor(image, grey, ColorConversionCodes.BGR2GRAY);
        Cv2.MeanStdDev(grey, out var mean, out var deviation);
        var greyscale = isGreyscale ?? IsGreyscale(image);

        // The crop's outer eighth on every side is mostly background: the face is centred with a margin.
        var ring = Math.Max(1, Math.Min(image.Width, image.Height) / 8);
        using var mask = new Mat(image.Size(), MatType.CV_8UC1, Scalar.All(255));
        if (image.Width > 2 * ring && image.Height > 2 * ring)
        {
            mask[new Rect(ring, ring, image.Width - (2 * ring), image.Height - (2 * ring))].SetTo(Scalar.All(0));
        }

        var border = Cv2.Mean(image, mask);
        var jpeg = originalPath is null ? null : JpegQuality.EstimateFile(originalPath);
        return new ImageMeasure(
            brightness ?? mean.Val0,
            contrast ?? deviation.Val0,
            originalWidth > 0 ? originalWidth : image.Width,
            originalHeight > 0 ? originalHeight : image.Height,
            jpeg,
            greyscale,
            border.Val2,
            border.Val1,
            border.Val0);
    }

    private static bool IsGreyscale(Mat image)
    {
        var channels = image.Split();
        try
        {
            using var bg = new Mat();
            using var gr = new Mat();
            Cv2.Absdiff(channels[0], channels[1], bg);
            Cv2.Absdiff(channels[1], channels[2], gr);
            return Cv2.Mean(bg).Val0 < GreyscaleTolerance && Cv2.Mean(gr).Val0 < GreyscaleTolerance;
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }
}
