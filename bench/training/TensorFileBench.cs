using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using DatasetForge.Core.Workspace;
using DatasetForge.Training.Data;
using OpenCvSharp;

namespace DatasetForge.Bench.Training;

/// <summary>
/// The data path of training, measured: COUNT Fashion-MNIST images written as colour PNG crops (96x96, as a version
/// holds them), then decoding each image every time (what a loader without a cache does each epoch), building the
/// version's tensor file, opening it again, and preparing one epoch of augmented batches from it.
/// </summary>
public static class TensorFileBench
{
    public static void Run(int count, int side, int batchSize)
    {
        var culture = CultureInfo.InvariantCulture;
        var folder = Directory.CreateTempSubdirectory("forge-bench-tensors-").FullName;
        try
        {
            var items = WriteCrops(folder, count);
            var process = Process.GetCurrentProcess();

            var watch = Stopwatch.StartNew();
            foreach (var item in items)
            {
                ImageDecoder.Decode(item.FilePath, side);
            }

            var decodeEach = watch.Elapsed.TotalSeconds;
            var path = Path.Combine(folder, "cache", $"bench-{side}.bin");
            watch.Restart();
            using (TensorFile.Open(items, side, path))
            {
            }

            var build = watch.Elapsed.TotalSeconds;
            watch.Restart();
            using var file = TensorFile.Open(items, side, path);
            var reopen = watch.Elapsed.TotalSeconds;
            if (file.Decoded)
            {
                throw new InvalidOperationException("The second open decoded again.");
            }

            var set = ImageSet.FromFile(items, file, ImageSet.ChannelsOf(items, file));
            var augmentation = new Augmentation(FlipProbability: 0.5, MaxShiftFraction: 1.0 / 16);
            var order = Enumerable.Range(0, items.Count).ToArray();
            new Random(1).Shuffle(order);
            watch.Restart();
            for (var start = 0; start < order.Length; start += batchSize)
            {
                set.Prepare(order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray(), augmentation, new Random(start));
            }

            var prepare = watch.Elapsed.TotalSeconds;
            process.Refresh();
            Console.WriteLine(string.Create(
                culture,
                $"RESULT tensorfile count={count} side={side} batch={batchSize} file_mib={new FileInfo(path).Length / 1048576.0:0.0} " +
                $"decode_each_s={decodeEach:0.00} ({count / decodeEach:0} images/s, one thread) build_s={build:0.00} ({count / build:0} images/s) " +
                $"reopen_s={reopen:0.000} prepare_epoch_s={prepare:0.00} ({count / prepare:0} images/s, one thread, flip+shift) " +
                $"peak_rss_mib={process.PeakWorkingSet64 / 1048576}"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<VersionItem> WriteCrops(string folder, int count)
    {
        using var file = File.OpenRead(Path.Combine(FashionMnistSet.Folder, "train-images-idx3-ubyte.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        var images = memory.GetBuffer();
        var available = (int)((memory.Length - 16) / 784);
        var items = new List<VersionItem>(count);
        for (var i = 0; i < count; i++)
        {
            // Past the 60,000 images of the file the pictures repeat, mirrored, so every crop has its own content.
            var source = i % available;
            using var grey = Mat.FromPixelData(28, 28, MatType.CV_8UC1, images.AsSpan(16 + (source * 784), 784).ToArray());
            using var colour = new Mat();
            Cv2.CvtColor(grey, colour, ColorConversionCodes.GRAY2BGR);
            using var large = new Mat();
            Cv2.Resize(colour, large, new Size(96, 96), 0, 0, InterpolationFlags.Linear);
            if (i >= available)
            {
                Cv2.Flip(large, large, FlipMode.Y);
            }

            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{i:D6}.png"));
            Cv2.ImWrite(path, large);
            items.Add(new VersionItem(
                string.Create(CultureInfo.InvariantCulture, $"item-{i}"), "x", 0, "train", path, ContentHash.Of(File.ReadAllBytes(path))));
        }

        return items;
    }
}
