using System.Diagnostics;
using System.Globalization;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Assets;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Curation.Detection;
using DatasetForge.Curation.Hashing;
using DatasetForge.Curation.Stage;
using DatasetForge.FaceModels.Analysis;
using OpenCvSharp;

namespace DatasetForge.Bench.Curation;

/// <summary>The bench's commands: label, detect, dupes, make-files, throughput, decode, near-pairs.</summary>
internal static class BenchCommands
{
    private const string TruthFile = "tests/DatasetForge.Curation.Tests/Fixtures/sample-faces.json";

    public static async Task<int> RunAsync(string[] args)
    {
        var command = args.FirstOrDefault() ?? "help";
        switch (command)
        {
            case "label":
                Label(args.ElementAtOrDefault(1) ?? "/tmp/forge-bench-label");
                return 0;
            case "detect":
                Detect(args.ElementAtOrDefault(1) ?? TruthFile, args.ElementAtOrDefault(2));
                return 0;
            case "dupes":
                Dupes(args.ElementAtOrDefault(1) ?? "/tmp/forge-bench-dupes");
                return 0;
            case "make-files":
                MakeFiles(args.ElementAtOrDefault(1) ?? "/tmp/forge-bench-files", TruthBox.Load(TruthFile));
                return 0;
            case "throughput":
                await ThroughputAsync(args.ElementAtOrDefault(1) ?? throw new ArgumentException("throughput needs a folder of photos"),
                    args.ElementAtOrDefault(2) ?? "blazeface");
                return 0;
            case "decode":
                Decode(args.ElementAtOrDefault(1) ?? throw new ArgumentException("decode needs a folder of images"));
                return 0;
            case "near-pairs":
                NearPairsBench.Run(
                    int.Parse(args.ElementAtOrDefault(1) ?? "70000", CultureInfo.InvariantCulture),
                    int.Parse(args.ElementAtOrDefault(2) ?? "6", CultureInfo.InvariantCulture));
                return 0;
            case "identity":
                IdentityBench.Run(
                    args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? TruthFile,
                    args.Contains("--face-api-alignment") ? DescriptorAlignment.FaceApi : DescriptorAlignment.LevelEyes);
                return 0;
            default:
                Console.WriteLine(
                    "usage: label [dir] | detect [truth.json] [facedetect.txt] | dupes [dir] | make-files [dir] | throughput <dir> [blazeface|haar] | decode <dir> | near-pairs [count] [limit] | identity [truth.json] [--face-api-alignment]");
                return command == "help" ? 0 : 2;
        }
    }

    private static string Sample(int n) => Path.Combine(AssetLocator.Require(AssetLocator.SamplePhotosDirectory), $"sample{n}.jpg");

    /// <summary>Draws every detector's boxes on the six samples (BlazeFace red, Haar blue), for labelling by eye.</summary>
    private static void Label(string dir)
    {
        Directory.CreateDirectory(dir);
        using var blaze = BlazeFaceDetector.FromAssets(0.5);
        using var haar = new HaarFaceDetector();
        for (var n = 1; n <= 6; n++)
        {
            using var image = Cv2.ImRead(Sample(n));
            foreach (var f in blaze.Detect(image, BlazeFaceModelKind.Back).Concat(blaze.Detect(image, BlazeFaceModelKind.Front)))
            {
                Cv2.Rectangle(image, Rect(f.Box), Scalar.Red, 3);
                Console.WriteLine(Invariant($"{n} blazeface {f.Box.X:0} {f.Box.Y:0} {f.Box.Width:0} {f.Box.Height:0} {f.Score:0.00}"));
            }

            foreach (var f in haar.Detect(image))
            {
                Cv2.Rectangle(image, Rect(f.Box), Scalar.Blue, 2);
                Console.WriteLine(Invariant($"{n} haar {f.Box.X:0} {f.Box.Y:0} {f.Box.Width:0} {f.Box.Height:0}"));
            }

            Cv2.ImWrite(Path.Combine(dir, $"sample{n}.jpg"), image);
        }
    }

    /// <summary>Precision and recall per detector on the labelled faces; facedetect's output may be given as "n x y w h" lines.</summary>
    private static void Detect(string truthPath, string? facedetectOutput)
    {
        var truth = TruthBox.Load(truthPath);
        using var blaze = BlazeFaceDetector.FromAssets();
        using var haar = new HaarFaceDetector();
        var detectors = new (string Name, Func<Mat, IReadOnlyList<FaceDetection>> Run)[]
        {
            ("blazeface (rule: front for portraits, else back)", blaze.Detect),
            ("blazeface back 256", m => blaze.Detect(m, BlazeFaceModelKind.Back)),
            ("blazeface front 128", m => blaze.Detect(m, BlazeFaceModelKind.Front)),
            ("haar (frontalface_default)", haar.Detect),
        };
        Console.WriteLine($"{truth.Count} labelled faces on 6 photos; match = IoU >= {DetectionScore.MinIoU} or centre in box");
        foreach (var (name, run) in detectors)
        {
            var score = new DetectionScore();
            for (var n = 1; n <= 6; n++)
            {
                using var image = Cv2.ImRead(Sample(n));
                score.Add([.. truth.Where(t => t.Sample == n).Select(t => t.Box)], [.. run(image).Select(f => f.Box)]);
            }

            Print(name, score);
        }

        if (facedetectOutput is not null)
        {
            var lines = File.ReadAllLines(facedetectOutput).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length == 5)
                .Select(p => (Sample: int.Parse(p[0], CultureInfo.InvariantCulture), Box: new Rect2f(
                    float.Parse(p[1], CultureInfo.InvariantCulture), float.Parse(p[2], CultureInfo.InvariantCulture),
                    float.Parse(p[3], CultureInfo.InvariantCulture), float.Parse(p[4], CultureInfo.InvariantCulture))))
                .ToList();
            var score = new DetectionScore();
            for (var n = 1; n <= 6; n++)
            {
                score.Add([.. truth.Where(t => t.Sample == n).Select(t => t.Box)], [.. lines.Where(l => l.Sample == n).Select(l => l.Box)]);
            }

            Print("facedetect (Debian, Haar, python)", score);
        }

        static void Print(string name, DetectionScore s) => Console.WriteLine(Invariant(
            $"{name,-50} TP {s.TruePositives,2}  FP {s.FalsePositives,2}  FN {s.FalseNegatives,2}  precision {s.Precision:0.000}  recall {s.Recall:0.000}"));
    }

    /// <summary>
    /// Writes originals (the six samples and 22 portraits cut from them) and, per original, a recompressed (JPEG q=40),
    /// a half-size and a 6%-cropped copy; prints the pHash recall at several distances and the false pairs among originals.
    /// </summary>
    private static void Dupes(string dir)
    {
        var originals = Path.Combine(dir, "originals");
        var copies = Path.Combine(dir, "copies");
        Directory.CreateDirectory(originals);
        Directory.CreateDirectory(copies);
        var truth = TruthBox.Load(TruthFile);
        var items = new List<(string Name, Mat Image)>();
        for (var n = 1; n <= 6; n++)
        {
            var sample = Cv2.ImRead(Sample(n));
            items.Add(($"sample{n}", sample));
            var i = 0;
            foreach (var t in truth.Where(t => t.Sample == n))
            {
                items.Add(($"sample{n}-face{i++}", PortraitAround(sample, t, 400, 500)));
            }
        }

        var hashes = new Dictionary<string, ulong>();
        var pairs = new List<(string Original, string Copy, string Kind)>();
        foreach (var (name, image) in items)
        {
            Cv2.ImWrite(Path.Combine(originals, name + ".jpg"), image, new ImageEncodingParam(ImwriteFlags.JpegQuality, 92));
            hashes[name] = PerceptualHash.Compute(image);
            using var half = new Mat();
            Cv2.Resize(image, half, new Size(image.Width / 2, image.Height / 2), interpolation: InterpolationFlags.Area);
            var dx = image.Width * 6 / 100;
            var dy = image.Height * 6 / 100;
            using var cropped = new Mat(image, new Rect(dx / 2, dy / 2, image.Width - dx, image.Height - dy)).Clone();
            foreach (var (kind, copy, quality) in new[] { ("recompressed", image, 40), ("resized", half, 92), ("cropped", cropped, 92) })
            {
                var file = Path.Combine(copies, $"{name}-{kind}.jpg");
                Cv2.ImWrite(file, copy, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
                using var back = Cv2.ImRead(file);
                hashes[$"{name}-{kind}"] = PerceptualHash.Compute(back);
                pairs.Add((name, $"{name}-{kind}", kind));
            }
        }

        Console.WriteLine($"{items.Count} originals, {pairs.Count} copies written under {dir}");
        foreach (var limit in new[] { 6, 8, 10, 12 })
        {
            var found = pairs.Count(p => PerceptualHash.Distance(hashes[p.Original], hashes[p.Copy]) <= limit);
            var byKind = string.Join(", ", pairs.GroupBy(p => p.Kind).Select(g =>
                $"{g.Key} {g.Count(p => PerceptualHash.Distance(hashes[p.Original], hashes[p.Copy]) <= limit)}/{g.Count()}"));
            var falsePairs = 0;
            for (var a = 0; a < items.Count; a++)
            {
                for (var b = a + 1; b < items.Count; b++)
                {
                    falsePairs += PerceptualHash.Distance(hashes[items[a].Name], hashes[items[b].Name]) <= limit ? 1 : 0;
                }
            }

            Console.WriteLine(Invariant(
                $"pHash distance <= {limit,2}: recall {found}/{pairs.Count} = {(double)found / pairs.Count:0.000} ({byKind}); false pairs among {items.Count * (items.Count - 1) / 2} distinct originals: {falsePairs}"));
        }

        foreach (var (_, image) in items)
        {
            image.Dispose();
        }
    }

    /// <summary>Writes the throughput inputs: 1920 px photos (samples, flipped and shifted) and 400x500 portraits.</summary>
    private static void MakeFiles(string dir, IReadOnlyList<TruthBox> truth)
    {
        var photos = Path.Combine(dir, "photos-1920");
        var portraits = Path.Combine(dir, "portraits-400");
        Directory.CreateDirectory(photos);
        Directory.CreateDirectory(portraits);
        for (var n = 1; n <= 6; n++)
        {
            using var sample = Cv2.ImRead(Sample(n));
            for (var v = 0; v < 5; v++)
            {
                // Variants so every file has its own sha256 and is decoded and detected for real.
                using var variant = new Mat();
                sample.ConvertTo(variant, MatType.CV_8UC3, 1.0, v * 4);
                if (v % 2 == 1)
                {
                    Cv2.Flip(variant, variant, FlipMode.Y);
                }

                Cv2.ImWrite(Path.Combine(photos, $"s{n}-v{v}.jpg"), variant, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
            }

            var i = 0;
            foreach (var t in truth.Where(t => t.Sample == n))
            {
                using var portrait = PortraitAround(sample, t, 400, 500);
                for (var v = 0; v < 4; v++)
                {
                    using var variant = new Mat();
                    portrait.ConvertTo(variant, MatType.CV_8UC3, 1.0, v * 5);
                    if (v % 2 == 1)
                    {
                        Cv2.Flip(variant, variant, FlipMode.Y);
                    }

                    Cv2.ImWrite(Path.Combine(portraits, $"s{n}-f{i}-v{v}.jpg"), variant, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90));
                }

                i++;
            }
        }

        Console.WriteLine($"{Directory.GetFiles(photos).Length} photos in {photos}, {Directory.GetFiles(portraits).Length} portraits in {portraits}");
    }

    /// <summary>Curates every photo of a folder end to end (store, catalogue, decode, detect, crop, hash, rules) and times it.</summary>
    private static async Task ThroughputAsync(string dir, string detector)
    {
        var files = Directory.GetFiles(dir, "*.jpg").Order(StringComparer.Ordinal).ToList();
        var root = Path.Combine(Path.GetTempPath(), $"forge-bench-{Guid.NewGuid():N}");
        try
        {
            var workspace = new DatasetWorkspace(root, "bench");
            workspace.EnsureCreated();
            await using (var catalogue = await DatasetForge.Catalogue.Catalogue.OpenAsync(workspace))
            {
                var source = new SourceRecord { Name = "bench", Kind = "web" };
                catalogue.Sources.Add(source);
                await catalogue.SaveChangesAsync();
                var now = DateTime.UtcNow;
                foreach (var file in files)
                {
                    var bytes = await File.ReadAllBytesAsync(file);
                    var sha = ContentHash.Of(bytes);
                    var blob = workspace.BlobPath(sha);
                    Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
                    await File.WriteAllBytesAsync(blob, bytes);
                    var photo = new PhotoRecord { Sha256 = sha, Url = "https://bench.example/" + Path.GetFileName(file), ContentType = "image/jpeg", Length = bytes.Length, FetchedAt = now };
                    catalogue.Photos.Add(photo);
                    catalogue.Items.Add(new ItemRecord
                    {
                        SourceId = source.Id, Key = file, Kind = ItemKinds.Person, Name = Path.GetFileNameWithoutExtension(file), Person = new PersonDetails { Role = "Professor" }, Label = "x",
                        Photo = photo, PhotoUrl = photo.Url, FirstSeenAt = now, LastSeenAt = now,
                    });
                }

                await catalogue.SaveChangesAsync();
            }

            var definition = new DatasetDefinition { Name = "bench", Label = "x", Curation = new CurationOptions { Detector = detector } };
            var context = new StageContext(definition, workspace, new Progress<StageProgress>(), TimeProvider.System);
            var watch = Stopwatch.StartNew();
            var result = await new CurateStage().RunAsync(context);
            watch.Stop();
            Console.WriteLine(Invariant(
                $"{files.Count} photos from {dir} with {detector} on {Environment.ProcessorCount} cores: {watch.Elapsed.TotalSeconds:0.00} s, {files.Count / watch.Elapsed.TotalSeconds:0.0} photos/s ({result.Summary})"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Decode-only, the ceiling curate is measured against: reads and decodes every file under <paramref name="dir"/>
    /// (a dataset's <c>store</c> folder, say) to BGR as curate does, one worker per core, and keeps nothing.
    /// </summary>
    private static void Decode(string dir)
    {
        var files = Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var pixels = 0L;
        var watch = Stopwatch.StartNew();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
        {
            using var image = Cv2.ImDecode(File.ReadAllBytes(file), ImreadModes.Color);
            Interlocked.Add(ref pixels, (long)image.Width * image.Height);
        });
        watch.Stop();
        Console.WriteLine(Invariant(
            $"{files.Count} files from {dir} decoded on {Environment.ProcessorCount} cores: {watch.Elapsed.TotalSeconds:0.00} s, {files.Count / watch.Elapsed.TotalSeconds:0.0} images/s, {pixels:N0} pixels"));
    }

    /// <summary>A w x h portrait around a labelled face (face about 40% of the width), kept inside the photo.</summary>
    private static Mat PortraitAround(Mat sample, TruthBox t, int w, int h)
    {
        var side = (int)Math.Min(Math.Min(sample.Width, sample.Height * 0.8), t.W * 2.5);
        var height = (int)(side * 1.25);
        var x = (int)Math.Clamp(t.X + (t.W / 2.0) - (side / 2.0), 0, sample.Width - side);
        var y = (int)Math.Clamp(t.Y + (t.H / 2.0) - (height / 2.0), 0, sample.Height - height);
        using var region = new Mat(sample, new Rect(x, y, side, height));
        var portrait = new Mat();
        Cv2.Resize(region, portrait, new Size(w, h), interpolation: InterpolationFlags.Area);
        return portrait;
    }

    private static Rect Rect(Rect2f r) => new((int)r.X, (int)r.Y, (int)r.Width, (int)r.Height);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
