using System.IO.Compression;
using System.Runtime.InteropServices;
using DatasetForge.Training.Data;
using OpenCvSharp;

namespace DatasetForge.Bench.Training;

/// <summary>Fashion-MNIST from Debian's IDX files, resized (bilinear, as the peer's interpolate) into an <see cref="ImageSet"/>.</summary>
public static class FashionMnistSet
{
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    public static ImageSet Load(string prefix, int count, int size)
    {
        var images = ReadGz(Path.Combine(Folder, prefix + "-images-idx3-ubyte.gz"));
        var labels = ReadGz(Path.Combine(Folder, prefix + "-labels-idx1-ubyte.gz"));
        count = Math.Min(count, labels.Length - 8);
        var items = new VersionItem[count];
        var decoded = new DecodedImage[count];
        for (var i = 0; i < count; i++)
        {
            using var grey = Mat.FromPixelData(28, 28, MatType.CV_8UC1, images.AsSpan(16 + (i * 784), 784).ToArray());
            using var resized = new Mat();
            Cv2.Resize(grey, resized, new Size(size, size), 0, 0, InterpolationFlags.Linear);
            var pixels = new byte[size * size];
            Marshal.Copy(resized.Data, pixels, 0, pixels.Length);
            decoded[i] = new DecodedImage(size, 1, pixels);
            items[i] = new VersionItem($"{prefix}-{i}", labels[8 + i].ToString(System.Globalization.CultureInfo.InvariantCulture), labels[8 + i], prefix, string.Empty, string.Empty);
        }

        return new ImageSet(items, decoded, 1, size);
    }

    private static byte[] ReadGz(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
