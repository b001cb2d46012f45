using DatasetForge.Core.Images;
using OpenCvSharp;

namespace DatasetForge.Sources.Images;

/// <summary>
/// Decides whether imported bytes are a usable image before they enter the store: a known format by its first bytes,
/// a JPEG that is not cut short, and pixels OpenCV can decode (what curation will do with them later).
/// </summary>
internal static class ImageCheck
{
    /// <summary>The MIME type of <paramref name="bytes"/>, or why they are not a usable image.</summary>
    public static (string? ContentType, string? Problem) Inspect(byte[] bytes, long maxPixels)
    {
        var type = ImageSignature.Detect(bytes);
        if (type is null)
        {
            return (null, bytes.Length == 0 ? "is empty" : "is not a JPEG, PNG, GIF, BMP or WebP image");
        }

        // libjpeg decodes a truncated JPEG with a warning and grey pixels; the missing end-of-image marker tells.
        if (type == "image/jpeg" && !EndsWithJpegEnd(bytes))
        {
            return (null, "is a truncated JPEG (no end-of-image marker)");
        }

        try
        {
            // A JPEG is checked at 1/8 scale: libjpeg still reads every block's entropy-coded data (so corruption is
            // found) but skips the inverse DCT, the bulk of the work; other formats decode in full.
            var jpeg = type == "image/jpeg";
            using var decoded = Cv2.ImDecode(bytes, jpeg ? ImreadModes.ReducedGrayscale8 : ImreadModes.Unchanged);
            if (decoded.Empty())
            {
                return (null, $"is a corrupt {type[6..].ToUpperInvariant()} (it does not decode)");
            }

            // At 1/8 scale a side of n pixels is at least (n - 1) * 8 in full: over the limit by that much is over for sure.
            var (width, height) = jpeg ? ((decoded.Width - 1) * 8L, (decoded.Height - 1) * 8L) : (decoded.Width, decoded.Height);
            if (width * height > maxPixels)
            {
                return (null, $"has {(jpeg ? "at least " : string.Empty)}{width}x{height} pixels, over the limit of {maxPixels}");
            }
        }
        catch (OpenCVException e)
        {
            return (null, $"is a corrupt image ({e.Message})");
        }

        return (type, null);
    }


    private static bool EndsWithJpegEnd(ReadOnlySpan<byte> bytes)
    {
        // Some writers pad after the marker; look at the last few bytes, not only the final two.
        var tail = bytes[Math.Max(0, bytes.Length - 32)..];
        for (var i = tail.Length - 2; i >= 0; i--)
        {
            if (tail[i] == 0xFF && tail[i + 1] == 0xD9)
            {
                return true;
            }
        }

        return false;
    }
}
