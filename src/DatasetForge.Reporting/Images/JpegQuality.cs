namespace DatasetForge.Reporting.Images;

/// <summary>
/// Estimates the quality setting (1 to 100, IJG scale) a JPEG was saved with from its luminance quantisation table,
/// reading only the header: the table is compared with the IJG standard table, whose scaling by quality is known.
/// </summary>
public static class JpegQuality
{
    // The IJG standard luminance table (Annex K of ITU T.81) in zig-zag order, as stored in DQT segments.
    private static readonly int[] Standard =
    [
        16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51,
        61, 60, 57, 51, 56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87, 95, 98, 103, 104, 103, 62, 77,
        113, 121, 112, 100, 120, 92, 101, 103, 99,
    ];

    /// <summary>The estimate, or null when <paramref name="header"/> is not a JPEG or has no luminance table before its scan.</summary>
    public static double? Estimate(ReadOnlySpan<byte> header)
    {
        if (header.Length < 4 || header[0] != 0xFF || header[1] != 0xD8)
        {
            return null;
        }

        var position = 2;
        while (position + 4 <= header.Length)
        {
            if (header[position] != 0xFF)
            {
                return null;
            }

            var marker = header[position + 1];
            if (marker == 0xFF)
            {
                position++;
                continue;
            }

            var length = (header[position + 2] << 8) | header[position + 3];
            if (marker == 0xDA || length < 2)
            {
                return null;
            }

            var end = Math.Min(position + 2 + length, header.Length);
            if (marker == 0xDB && FromTables(header[(position + 4)..end]) is { } quality)
            {
                return quality;
            }

            position += 2 + length;
        }

        return null;
    }

    /// <summary>Reads the first bytes of <paramref name="path"/> and estimates; null when it is missing or not a JPEG.</summary>
    public static double? EstimateFile(string path, int headerBytes = 64 * 1024)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        var buffer = new byte[Math.Min(headerBytes, (int)Math.Min(int.MaxValue, stream.Length))];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Estimate(buffer.AsSpan(0, read));
    }

    private static double? FromTables(ReadOnlySpan<byte> segment)
    {
        var position = 0;
        while (position < segment.Length)
        {
            var precision = segment[position] >> 4;
            var id = segment[position] & 0x0F;
            var size = precision == 0 ? 64 : 128;
            if (position + 1 + size > segment.Length)
            {
                return null;
            }

            if (id == 0)
            {
                var table = segment.Slice(position + 1, size);
                var sum = 0.0;
                for (var i = 0; i < 64; i++)
                {
                    var q = precision == 0 ? table[i] : (table[2 * i] << 8) | table[(2 * i) + 1];
                    sum += q * 100.0 / Standard[i];
                }

                // IJG: scale = 5000 / quality below 50, 200 - 2 quality from 50; the mean ratio recovers the scale.
                var scale = sum / 64;
                var quality = scale <= 100 ? (200 - scale) / 2 : 5000 / scale;
                return Math.Clamp(quality, 1, 100);
            }

            position += 1 + size;
        }

        return null;
    }
}
