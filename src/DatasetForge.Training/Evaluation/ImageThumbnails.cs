using DatasetForge.Training.Data;
using OpenCvSharp;

namespace DatasetForge.Training.Evaluation;

/// <summary>Turns decoded images into BGR mats and PNG data URIs for the evaluation page.</summary>
public static class ImageThumbnails
{
    /// <summary>A BGR copy of <paramref name="image"/> (grey images are expanded to three channels).</summary>
    public static Mat ToBgr(DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var type = image.Channels == 1 ? MatType.CV_8UC1 : MatType.CV_8UC3;
        using var raw = Mat.FromPixelData(image.Size, image.Size, type, image.Pixels);
        var bgr = new Mat();
        Cv2.CvtColor(raw, bgr, image.Channels == 1 ? ColorConversionCodes.GRAY2BGR : ColorConversionCodes.RGB2BGR);
        return bgr;
    }

    /// <summary><paramref name="image"/> scaled to <paramref name="displaySize"/> as a <c>data:image/png</c> URI.</summary>
    public static string DataUri(DecodedImage image, int displaySize = 96)
    {
        using var bgr = ToBgr(image);
        using var large = new Mat();
        Cv2.Resize(bgr, large, new Size(displaySize, displaySize), 0, 0, InterpolationFlags.Area);
        return DataUri(large.ImEncode(".png"));
    }

    /// <summary>PNG bytes as a <c>data:image/png</c> URI.</summary>
    public static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}
