using OpenCvSharp;

namespace DatasetForge.DemoSite.Photos;

/// <summary>
/// How a department's photos differ from the others, deterministically: the demo's planted lesson. A department with
/// the look <see cref="DarkRecompressed"/> serves its photos darker and recompressed at a low JPEG quality, as if its
/// photographer used a dim room and its CMS squeezed every upload; an audit should notice, and a model may learn it.
/// </summary>
internal static class PhotoLook
{
    /// <summary>Served as taken.</summary>
    public const string Plain = "plain";

    /// <summary>About half as bright (gamma 1.6, then scaled by 0.7) and re-encoded at JPEG quality 12.</summary>
    public const string DarkRecompressed = "dark-recompressed";

    /// <summary>The JPEG quality of a <see cref="DarkRecompressed"/> photo.</summary>
    public const int RecompressedQuality = 12;

    /// <summary>Whether a look is one this site knows.</summary>
    public static bool IsKnown(string look) => look is Plain or DarkRecompressed;

    /// <summary>The photo in the department's look.</summary>
    public static byte[] Apply(byte[] jpeg, string look)
    {
        if (look != DarkRecompressed)
        {
            return jpeg;
        }

        using var image = Cv2.ImDecode(jpeg, ImreadModes.Color);
        using var table = new Mat(1, 256, MatType.CV_8UC1);
        for (var i = 0; i < 256; i++)
        {
            table.Set(0, i, (byte)Math.Round(255 * 0.7 * Math.Pow(i / 255.0, 1.6)));
        }

        using var dark = new Mat();
        Cv2.LUT(image, table, dark);
        Cv2.ImEncode(".jpg", dark, out var squeezed, new ImageEncodingParam(ImwriteFlags.JpegQuality, RecompressedQuality));
        return squeezed;
    }
}
