using System.Buffers.Binary;

namespace DatasetForge.Curation.Decoding;

/// <summary>
/// The format and size of an image read from its first bytes, without decoding pixels, so that oversized images are
/// refused before they cost memory. Knows JPEG, PNG, GIF, BMP and WebP.
/// </summary>
public readonly record struct ImageHeader(string Format, int Width, int Height)
{
    public const string Jpeg = "jpeg";
    public const string Png = "png";
    public const string Gif = "gif";
    public const string Bmp = "bmp";
    public const string WebP = "webp";

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width times height.</summary>
    public long Pixels => (long)Width * Height;

    /// <summary>
    /// The header of <paramref name="data"/>, or null when the bytes start like no known image format. The size is
    /// 0x0 when the format is known but the header is cut short or malformed.
    /// </summary>
    public static ImageHeader? Read(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            var (w, h) = JpegSize(data);
            return new ImageHeader(Jpeg, w, h);
        }

        if (data.StartsWith(PngSignature))
        {
            return data.Length >= 24 && data[12..16].SequenceEqual("IHDR"u8)
                ? new ImageHeader(Png, ClampInt(BinaryPrimitives.ReadUInt32BigEndian(data[16..])), ClampInt(BinaryPrimitives.ReadUInt32BigEndian(data[20..])))
                : new ImageHeader(Png, 0, 0);
        }

        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return data.Length >= 10
                ? new ImageHeader(Gif, BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..]))
                : new ImageHeader(Gif, 0, 0);
        }

        if (data.StartsWith("BM"u8) && data.Length >= 26)
        {
            return new ImageHeader(Bmp, Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(data[18..])), Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(data[22..])));
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            var (w, h) = WebPSize(data);
            return new ImageHeader(WebP, w, h);
        }

        return null;
    }

    /// <summary>
    /// Walks the JPEG marker segments to the first start-of-frame (skipping EXIF thumbnails inside APPn segments).
    /// </summary>
    private static (int Width, int Height) JpegSize(ReadOnlySpan<byte> data)
    {
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return (0, 0);
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame)
            {
                return i + 9 <= data.Length
                    ? (BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]))
                    : (0, 0);
            }

            if (marker is 0xDA or 0xD9 || length < 2)
            {
                return (0, 0);
            }

            i += 2 + length;
        }

        return (0, 0);
    }

    private static (int Width, int Height) WebPSize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 30)
        {
            return (0, 0);
        }

        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            return (1 + ReadUInt24(data[24..]), 1 + ReadUInt24(data[27..]));
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8 "u8))
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF);
        }

        return (0, 0);
    }

    private static int ReadUInt24(ReadOnlySpan<byte> data) => data[0] | (data[1] << 8) | (data[2] << 16);

    private static int ClampInt(uint value) => value > int.MaxValue ? int.MaxValue : (int)value;
}
