// Import benchmark. Usage (from the repository root):
//   dotnet run -c Release --project bench/import -- csv <dir> [count=20000]   20,000 small JPEGs + train.csv, imported into a fresh workspace, then re-imported
//   dotnet run -c Release --project bench/import -- idx <dir> [fashion-mnist folder]   Fashion-MNIST train + t10k (70,000 images) into a fresh workspace
//   dotnet run -c Release --project bench/import -- video-probe <dir>   which video containers OpenCV can write and read here
using System.Diagnostics;
using System.Globalization;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Manifests;
using DatasetForge.Sources;
using OpenCvSharp;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: csv <dir> [count] | idx <dir> [fashion-mnist dir] | video-probe <dir>");
    return 2;
}

var root = Path.GetFullPath(args[1]);
Directory.CreateDirectory(root);
switch (args[0])
{
    case "csv":
        {
            var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20_000;
            var data = Path.Combine(root, "manifests", "gender", "data");
            var images = Path.Combine(data, "train");
            if (!File.Exists(Path.Combine(data, "train.csv")) || Directory.GetFiles(images).Length != count)
            {
                Directory.CreateDirectory(images);
                var generate = Stopwatch.StartNew();
                using var writer = new StreamWriter(Path.Combine(data, "train.csv"));
                writer.Write("id,label\n");
                for (var i = 0; i < count; i++)
                {
                    // 64x64 colour images that differ (a gradient and a disc), ~2-3 KB as JPEG: the size of pre-cut face crops.
                    using var image = new Mat(64, 64, MatType.CV_8UC3, new Scalar(i % 256, (i / 256) % 256, (i * 7) % 256));
                    Cv2.Circle(image, new Point(32, 32), 10 + (i % 20), new Scalar((i * 13) % 256, 200, (i * 29) % 256), -1);
                    Cv2.PutText(image, (i % 1000).ToString(CultureInfo.InvariantCulture), new Point(4, 60), HersheyFonts.HersheySimplex, 0.4, Scalar.White);
                    File.WriteAllBytes(Path.Combine(images, $"{i}.jpg"), image.ImEncode(".jpg"));
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $"{i},{i % 2}\n"));
                }

                Console.WriteLine($"generated {count} JPEGs in {generate.Elapsed.TotalSeconds:F1} s");
            }

            File.WriteAllText(Path.Combine(root, "manifests", "gender", "dataset.yaml"), "dataset: gender\nlabel: gender\n");
            File.WriteAllText(Path.Combine(root, "manifests", "gender", "train.yaml"), "source: train\nkind: csv\ncsv: data/train.csv\nimages: data/train\nprecropped: true\nvalues:\n  gender: { \"0\": female, \"1\": male }\n");
            return await TimeImportAsync(root, "gender", count);
        }

    case "idx":
        {
            var mnist = args.Length > 2 ? args[2] : "/usr/share/datasets/fashion-mnist";
            var folder = Path.Combine(root, "manifests", "fashion");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "dataset.yaml"), "dataset: fashion\nlabel: garment\n");
            const string Values = "values:\n  garment: { \"0\": T-shirt/top, \"1\": Trouser, \"2\": Pullover, \"3\": Dress, \"4\": Coat, \"5\": Sandal, \"6\": Shirt, \"7\": Sneaker, \"8\": Bag, \"9\": Ankle boot }\n";
            File.WriteAllText(Path.Combine(folder, "train.yaml"), $"source: train\nkind: idx\nimages: {mnist}/train-images-idx3-ubyte.gz\nlabels: {mnist}/train-labels-idx1-ubyte.gz\nprecropped: true\n{Values}");
            File.WriteAllText(Path.Combine(folder, "test.yaml"), $"source: test\nkind: idx\nimages: {mnist}/t10k-images-idx3-ubyte.gz\nlabels: {mnist}/t10k-labels-idx1-ubyte.gz\nprecropped: true\n{Values}");
            return await TimeImportAsync(root, "fashion", 70_000);
        }

    case "video-probe":
        {
            foreach (var (file, fourcc, api) in new[]
            {
                ("probe.avi", FourCC.MJPG, VideoCaptureAPIs.OPENCV_MJPEG),
                ("probe.mp4", FourCC.MP4V, VideoCaptureAPIs.ANY),
                ("probe.mp4", FourCC.H264, VideoCaptureAPIs.ANY),
                ("probe.mkv", FourCC.XVID, VideoCaptureAPIs.ANY),
            })
            {
                var path = Path.Combine(root, file);
                File.Delete(path);
                bool wrote;
                using (var writer = new VideoWriter(path, fourcc, 10, new Size(64, 48)))
                {
                    wrote = writer.IsOpened();
                    for (var i = 0; wrote && i < 10; i++)
                    {
                        using var frame = new Mat(48, 64, MatType.CV_8UC3, new Scalar(i * 20, 0, 0));
                        writer.Write(frame);
                    }
                }

                using var capture = new VideoCapture(path, api);
                var frames = 0;
                using var read = new Mat();
                while (capture.IsOpened() && capture.Read(read) && !read.Empty())
                {
                    frames++;
                }

                Console.WriteLine($"{file} fourcc {fourcc}: writer opened {wrote}, reader ({api}) opened {capture.IsOpened()}, frames read {frames}");
            }

            Console.WriteLine(Cv2.GetBuildInformation().Split('\n').Where(l => l.Contains("FFMPEG", StringComparison.OrdinalIgnoreCase) || l.Contains("GStreamer", StringComparison.OrdinalIgnoreCase) || l.Contains("Video I/O", StringComparison.OrdinalIgnoreCase)).Aggregate(string.Empty, (a, l) => a + l.Trim() + "\n"));
            return 0;
        }

    default:
        Console.Error.WriteLine($"unknown command '{args[0]}'");
        return 2;
}

static async Task<int> TimeImportAsync(string root, string dataset, int expected)
{
    var workspaceRoot = Path.Combine(root, "workspace");
    if (Directory.Exists(workspaceRoot))
    {
        Directory.Delete(workspaceRoot, recursive: true);
    }

    var definition = new ManifestLoader().LoadDataset(Path.Combine(root, "manifests", dataset), Path.Combine(root, "scrapers"));
    var context = new StageContext(definition, new DatasetWorkspace(workspaceRoot, dataset), new Progress<StageProgress>(), TimeProvider.System);
    var stage = new ImportStage();
    var clock = Stopwatch.StartNew();
    var first = await stage.RunAsync(context);
    var firstSeconds = clock.Elapsed.TotalSeconds;
    clock.Restart();
    var again = await stage.RunAsync(context);
    var againSeconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine(first.Summary);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"import: {first.Counts["items"]} items in {firstSeconds:F2} s = {first.Counts["items"] / firstSeconds:F0} items/s; re-import (unchanged): {againSeconds:F2} s = {again.Counts["items"] / againSeconds:F0} items/s, new {again.Counts["new"]}, changed {again.Counts["changed"]}"));
    return first.Counts["items"] == expected && first.Counts["rejected"] == 0 && again.Counts["new"] == 0 ? 0 : 1;
}
