using System.Text;
using OpenCvSharp;

namespace DatasetForge.Curation.Decoding;

/// <summary>
/// Turns downloaded bytes into pixels, refusing what is not an image (HTML served as a photo, unknown formats),
/// what is cut short (truncated JPEG or PNG) and what is too large (checked on the header, before decoding).
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes <paramref name="data"/> to 8-bit BGR, or says why not.</summary>
    public static ImageDecodeResult Decode(byte[] data, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        if (data.Length == 0)
        {
            return ImageDecodeResult.Failed("the file is empty");
        }

        if (ImageHeader.Read(data) is not { } header)
        {
            return ImageDecodeResult.Failed(DescribeUnknown(data));
        }

        if (header.Pixels > maxPixels)
        {
            return ImageDecodeResult.Failed(
                $"{header.Width}x{header.Height} {header.Format} has {header.Pixels:N0} pixels, over the limit of {maxPixels:N0}",
                header.Format, header.Width, header.Height);
        }

        if (header.Pixels == 0)
        {
            return ImageDecodeResult.Failed($"the {header.Format} header is truncated or malformed ({data.Length:N0} bytes)", header.Format);
        }

        if (TruncationOf(header.Format, data) is { } truncation)
        {
            return ImageDecodeResult.Failed(truncation, header.Format, header.Width, header.Height);
        }

        Mat image;
        try
        {
            image = Cv2.ImDecode(data, ImreadModes.Color);
        }
        catch (OpenCVException e)
        {
            return ImageDecodeResult.Failed($"the {header.Format} decoder failed: {e.Message}", header.Format, header.Width, header.Height);
        }

        if (image.Empty())
        {
            image.Dispose();
            return ImageDecodeResult.Failed($"the {header.Format} data ({data.Length:N0} bytes) could not be decoded", header.Format, header.Width, header.Height);
        }

        // Formats whose header we could not size exactly (EXIF-rotated JPEGs swap sides, but keep the count).
        if ((long)image.Width * image.Height > maxPixels)
        {
            var pixels = (long)image.Width * image.Height;
            image.Dispose();
            return ImageDecodeResult.Failed($"{pixels:N0} pixels, over the limit of {maxPixels:N0}", header.Format, header.Width, header.Height);
        }

        return ImageDecodeResult.Decoded(image, header.Format);
    }

    /// <summary>
    /// libjpeg and libpng decode what they have of a cut-off file and fill the rest with grey, so the end markers are
    /// checked first: a JPEG needs an end-of-image marker after its first scan, a PNG its IEND chunk.
    /// </summary>
    private static string? TruncationOf(string format, byte[] data)
    {
        if (format == ImageHeader.Jpeg)
        {
            var scan = FirstScan(data);
            return scan < 0 || data.AsSpan(scan).IndexOf([(byte)0xFF, (byte)0xD9]) < 0
                ? $"the JPEG is truncated: no end-of-image marker after {data.Length:N0} bytes"
                : null;
        }

        if (format == ImageHeader.Png)
        {
            return data.AsSpan().LastIndexOf("IEND"u8) < 0
                ? $"the PNG is truncated: no IEND chunk after {data.Length:N0} bytes"
                : null;
        }

        return null;
    }

    /// <summary>Offset of the first start-of-scan marker, skipping segments by their lengths; -1 when none.</summary>
    private static int FirstScan(ReadOnlySpan<byte> data)
    {
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return -1;
            }

            var marker = data[i + 1];
            if (marker is 0xFF or 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += marker == 0xFF ? 1 : 2;
                continue;
            }

            if (marker == 0xDA)
            {
                return i;
            }

            i += 2 + ((data[i + 2] << 8) | data[i + 3]);
        }

        return -1;
    }

    private static string DescribeUnknown(byte[] data)
    {
        var head = Encoding.UTF8.GetString(data, 0, Math.Min(data.Length, 512)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (head.StartsWith('<'))
        {
            var kind = head.Contains("<svg", StringComparison.OrdinalIgnoreCase) ? "SVG (vector, not a photo)"
                : head.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) ? "XML"
                : "an HTML page";
            return $"not an image: the {data.Length:N0} bytes are {kind}";
        }

        if (head.StartsWith('{') || head.StartsWith('['))
        {
            return $"not an image: the {data.Length:N0} bytes are JSON text";
        }

        var magic = Convert.ToHexString(data, 0, Math.Min(data.Length, 8));
        return $"not a recognised image format (JPEG, PNG, GIF, BMP, WebP); the file starts with 0x{magic}";
    }
}
