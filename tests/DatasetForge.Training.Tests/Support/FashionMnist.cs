using System.IO.Compression;

namespace DatasetForge.Training.Tests.Support;

/// <summary>Reads the Fashion-MNIST IDX files of Debian's dataset-fashion-mnist package.</summary>
public static class FashionMnist
{
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    public static readonly string[] ClassNames =
        ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"];

    /// <summary>The first <paramref name="perClass"/> images (28x28 grey) of each wanted class, in file order.</summary>
    public static IReadOnlyList<(int Label, byte[] Pixels)> Read(IReadOnlyCollection<int> classes, int perClass)
    {
        var images = ReadGz(Path.Combine(Folder, "train-images-idx3-ubyte.gz"));
        var labels = ReadGz(Path.Combine(Folder, "train-labels-idx1-ubyte.gz"));
        var count = ReadInt(labels, 4);
        var taken = classes.ToDictionary(c => c, _ => 0);
        var result = new List<(int, byte[])>();
        for (var i = 0; i < count && taken.Values.Any(t => t < perClass); i++)
        {
            int label = labels[8 + i];
            if (taken.TryGetValue(label, out var n) && n < perClass)
            {
                taken[label] = n + 1;
                result.Add((label, images.AsSpan(16 + (i * 784), 784).ToArray()));
            }
        }

        return result;
    }

    private static byte[] ReadGz(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    private static int ReadInt(byte[] data, int offset) =>
        (data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3];
}
