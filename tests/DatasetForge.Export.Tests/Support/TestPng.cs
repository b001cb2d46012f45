using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DatasetForge.Export.Tests.Support;

/// <summary>Writes small, valid RGB PNG files by hand, so tests need no imaging library.</summary>
public static class TestPng
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>A <paramref name="size"/> x <paramref name="size"/> image whose pixels depend on <paramref name="seed"/>.</summary>
    /// <param name="seed">Varies the pixels, so every seed gives a different file.</param>
    /// <param name="size">Width and height in pixels.</param>
    /// <param name="level">When 0 or more, every pixel is near this grey level (±8), for images of a known brightness.</param>
    public static byte[] Create(int seed, int size = 8, int level = -1)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < size; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < size; x++)
            {
                if (level >= 0)
                {
                    var mix = ((seed * 73856093) ^ (x * 19349663) ^ (y * 83492791)) & 0x7fffffff;
                    var v = (byte)Math.Clamp(level + (mix % 17) - 8, 0, 255);
                    raw.WriteByte(v);
                    raw.WriteByte((byte)Math.Clamp(v + 4, 0, 255));
                    raw.WriteByte((byte)Math.Clamp(v - 4, 0, 255));
                    continue;
                }

                raw.WriteByte((byte)(seed * 37 + x * 11));
                raw.WriteByte((byte)((seed >> 8) + y * 13));
                raw.WriteByte((byte)(seed * 5 + x * y));
            }
        }

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(zlib);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB

        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
