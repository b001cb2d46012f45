// face-api reference generator (eng/face-api-reference)
// =====================================================
//
// What it does
//   Runs the REAL face-api (@vladmandic/face-api 1.7.15, TensorFlow.js bundled inside) in headless Debian Chromium through
//   Playwright, on the 22 labelled faces of the face-api sample photos
//   (tests/DatasetForge.Curation.Tests/Fixtures/sample-faces.json), and writes what its networks say about each face to
//   tests/DatasetForge.FaceModels.Tests/Fixtures/face-api-reference.json: the 68 landmarks (photo pixels), the 128-number
//   descriptor, age, gender and gender probability, and the boxes each step sliced. The parity tests of the TorchSharp ports
//   in src/DatasetForge.FaceModels compare against that file; nothing in the build or the tests runs this tool.
//
//   Per face it follows face-api's own composable tasks (DetectAllFaceLandmarksTask -> extendWithFaceLandmarks ->
//   ComputeAllFaceDescriptorsTask / PredictAllAgeAndGenderWithFaceAlignmentTask), with the labelled box in place of a
//   detector's result: see reference.js. TensorFlow.js runs on its "cpu" backend (float32, deterministic; no WebGL).
//
// Why tensor input, not a canvas or an <img>
//   Photos are decoded here exactly as production decodes them (OpenCV ImDecode, BGR -> RGB) and handed to the page as raw
//   RGB bytes, which become an int32 tf.tensor3d. With a tensor, face-api slices faces with tf.slice3d and resizes them with
//   tf.image.resizeBilinear (half-pixel centres off, align corners off), which the TorchSharp port reproduces. With a canvas
//   the browser would decode the JPEG and resample with drawImage, both browser-specific, and the port could not match them.
//
// How to rerun
//   bash eng/setup.sh                                    # once: fetches and verifies the face-api package into .cache/
//   dotnet run -c Release --project eng/face-api-reference [-- --out PATH]
//   Needs /usr/bin/chromium (apt-get install chromium) and libgtk-3-0 for OpenCV. Everything the page loads (bundle, model
//   files, pixels) is served from memory through Playwright's router at http://face-api.local/; any other request, and any
//   console error on the page, fails the run. Takes well under a minute. Commit the fixture it writes when it changes.
//
// Fixture layout: one face per line, in the order of sample-faces.json. Boxes are [x, y, width, height] in photo pixels;
// "*Box" is the box face-api computed (unclipped), "*Slice" the region extractFaceTensors actually cut (clipped, floored).
// Pixel coordinates are rounded to 4 decimals, descriptor values, age and probability to 6 significant digits.

using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using OpenCvSharp;

namespace FaceApiReference;

internal static class Program
{
    private const string Origin = "http://face-api.local";
    private const string ExpectedFaceApiVersion = "1.7.15";
    private const string ChromiumPath = "/usr/bin/chromium";
    private const int DescriptorLength = 128;
    private const int LandmarkCount = 68;

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private static readonly string[] ModelNames = ["face_landmark_68_model", "age_gender_model", "face_recognition_model"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly TimeSpan PageTimeout = TimeSpan.FromMinutes(15);

    private static async Task<int> Main(string[] args)
    {
        string? outPath = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    outPath = args[++i];
                    break;
                case "-h" or "--help":
                    Console.WriteLine("usage: dotnet run -c Release --project eng/face-api-reference [-- --out PATH]");
                    return 0;
                default:
                    Console.Error.WriteLine($"face-api-reference: unknown or incomplete argument '{args[i]}' (usage: [--out PATH])");
                    return 2;
            }
        }

        using var cancellation = new CancellationTokenSource(PageTimeout);
        try
        {
            await RunAsync(outPath, cancellation.Token);
            return 0;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"face-api-reference: {e.Message}");
            return 1;
        }
    }

    private static async Task RunAsync(string? outPath, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var root = RepositoryRoot();
        var package = Path.Combine(root, ".cache", "assets", "face-api", "package");
        var bundlePath = Path.Combine(package, "dist", "face-api.js");
        var boxesPath = Path.Combine(root, "tests", "DatasetForge.Curation.Tests", "Fixtures", "sample-faces.json");
        outPath = Path.GetFullPath(outPath ?? Path.Combine(root, "tests", "DatasetForge.FaceModels.Tests", "Fixtures", "face-api-reference.json"));
        if (!File.Exists(bundlePath))
        {
            throw new InvalidOperationException($"{bundlePath} is missing: run `bash eng/setup.sh` first");
        }

        var boxes = JsonSerializer.Deserialize<SampleFace[]>(await File.ReadAllTextAsync(boxesPath, cancellationToken), Json)
            ?? throw new InvalidOperationException($"{boxesPath} is empty");

        // Everything the page may load, by URL.
        var files = new Dictionary<string, Served>(StringComparer.Ordinal)
        {
            [$"{Origin}/index.html"] = new(Encoding.UTF8.GetBytes(
                "<!doctype html><html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>face-api reference</title>"
                + "<script src=\"face-api.js\"></script><script src=\"reference.js\"></script></head><body></body></html>"), "text/html; charset=utf-8"),
            [$"{Origin}/face-api.js"] = new(await File.ReadAllBytesAsync(bundlePath, cancellationToken), "text/javascript; charset=utf-8"),
            [$"{Origin}/reference.js"] = new(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "reference.js"), cancellationToken),
                "text/javascript; charset=utf-8"),
        };
        foreach (var model in ModelNames)
        {
            foreach (var (file, type) in new[] { ($"{model}-weights_manifest.json", "application/json"), ($"{model}.bin", "application/octet-stream") })
            {
                var path = Path.Combine(package, "model", file);
                if (!File.Exists(path))
                {
                    throw new InvalidOperationException($"{path} is missing: run `bash eng/setup.sh` first");
                }

                files[$"{Origin}/model/{file}"] = new(await File.ReadAllBytesAsync(path, cancellationToken), type);
            }
        }

        var decode = Stopwatch.StartNew();
        var photos = new List<PagePhoto>();
        foreach (var sample in boxes.Select(b => b.Sample).Distinct().Order())
        {
            var (width, height, rgb) = await DecodeRgbAsync(Path.Combine(package, "demo", $"sample{sample}.jpg"), cancellationToken);
            var url = $"{Origin}/photo/sample{sample}.rgb";
            files[url] = new(rgb, "application/octet-stream");
            photos.Add(new PagePhoto(sample, url, width, height,
                [.. boxes.Select((b, index) => (b, index)).Where(p => p.b.Sample == sample).Select(p => new PageBox(p.index, p.b.X, p.b.Y, p.b.W, p.b.H))]));
        }

        decode.Stop();

        var browserTime = Stopwatch.StartNew();
        var result = await RunPageAsync(files, new PageRequest($"{Origin}/model", photos), cancellationToken);
        browserTime.Stop();

        Check(result, boxes);
        var faces = result.Faces.OrderBy(f => f.Index).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        await File.WriteAllTextAsync(outPath, FixtureJson(result, faces), cancellationToken);
        total.Stop();

        PrintSummary(result, faces, outPath);
        Console.WriteLine(
            $"decode {decode.Elapsed.TotalSeconds:F1} s, browser (start, load, {faces.Count} faces) {browserTime.Elapsed.TotalSeconds:F1} s, total {total.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Decodes a photo as production does (OpenCV, BGR) and returns its pixels as packed RGB bytes, row-major.</summary>
    private static async Task<(int Width, int Height, byte[] Rgb)> DecodeRgbAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: run `bash eng/setup.sh` first");
        }

        using var bgr = Cv2.ImDecode(await File.ReadAllBytesAsync(path, cancellationToken), ImreadModes.Color);
        if (bgr.Empty())
        {
            throw new InvalidOperationException($"{path}: OpenCV could not decode it");
        }

        using var rgb = new Mat();
        Cv2.CvtColor(bgr, rgb, ColorConversionCodes.BGR2RGB);
        if (rgb.Type() != MatType.CV_8UC3 || !rgb.IsContinuous())
        {
            throw new InvalidOperationException($"{path}: expected a continuous 8-bit 3-channel image, got {rgb.Type()}");
        }

        var bytes = new byte[checked(rgb.Rows * rgb.Cols * 3)];
        Marshal.Copy(rgb.Data, bytes, 0, bytes.Length);
        return (rgb.Cols, rgb.Rows, bytes);
    }

    private static async Task<PageResult> RunPageAsync(Dictionary<string, Served> files, PageRequest request, CancellationToken cancellationToken)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install chromium");
        }

        using var playwright = await Playwright.CreateAsync().WaitAsync(cancellationToken);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        }).WaitAsync(cancellationToken);
        var page = await browser.NewPageAsync().WaitAsync(cancellationToken);

        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (problems)
                {
                    problems.Add($"console error: {message.Text}");
                }
            }

            Console.WriteLine($"[page {message.Type}] {message.Text}");
        };
        page.PageError += (_, error) =>
        {
            lock (problems)
            {
                problems.Add($"page error: {error}");
            }
        };

        // Served from memory; anything else is refused and fails the run, so nothing reaches the network.
        await page.RouteAsync("**/*", route =>
        {
            var url = route.Request.Url;
            if (url.StartsWith($"{Origin}/", StringComparison.Ordinal) && files.TryGetValue(url, out var served))
            {
                return route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = served.ContentType, BodyBytes = served.Body });
            }

            lock (problems)
            {
                problems.Add($"unexpected request: {route.Request.Method} {url}");
            }

            return route.AbortAsync();
        }).WaitAsync(cancellationToken);

        var response = await page.GotoAsync($"{Origin}/index.html", new PageGotoOptions { WaitUntil = WaitUntilState.Load }).WaitAsync(cancellationToken);
        if (response is not { Ok: true })
        {
            throw new InvalidOperationException($"the page did not load ({response?.Status.ToString(CultureInfo.InvariantCulture) ?? "no response"})");
        }

        string json;
        try
        {
            json = await page.EvaluateAsync<string>("request => window.runReference(request)", JsonSerializer.Serialize(request, Json))
                .WaitAsync(cancellationToken);
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException($"the page failed: {e.Message}{ProblemList(problems)}", e);
        }

        lock (problems)
        {
            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"the page reported problems:{ProblemList(problems)}");
            }
        }

        return JsonSerializer.Deserialize<PageResult>(json, Json) ?? throw new InvalidOperationException("the page returned nothing");
    }

    private static string ProblemList(List<string> problems)
    {
        lock (problems)
        {
            return string.Concat(problems.Select(p => $"{Environment.NewLine}  {p}"));
        }
    }

    /// <summary>Fails on a result the parity tests could not use: wrong versions or backend, missing faces, wrong sizes.</summary>
    private static void Check(PageResult result, SampleFace[] boxes)
    {
        if (result.FaceApi != ExpectedFaceApiVersion)
        {
            throw new InvalidOperationException($"the bundle says face-api {result.FaceApi}, expected {ExpectedFaceApiVersion}");
        }

        if (result.Backend != "cpu")
        {
            throw new InvalidOperationException($"TensorFlow.js ran on '{result.Backend}', not 'cpu'");
        }

        if (result.Faces.Length != boxes.Length || result.Faces.Select(f => f.Index).Order().Where((index, i) => index != i).Any())
        {
            throw new InvalidOperationException($"the page returned {result.Faces.Length} faces for {boxes.Length} boxes");
        }

        foreach (var face in result.Faces)
        {
            var numbers = face.Descriptor.Concat(face.Landmarks.SelectMany(p => p)).Append(face.Age).Append(face.GenderProbability);
            if (face.Descriptor.Length != DescriptorLength || face.Landmarks.Length != LandmarkCount || face.Landmarks.Any(p => p.Length != 2)
                || !numbers.All(double.IsFinite) || face.Gender is not ("male" or "female"))
            {
                throw new InvalidOperationException($"face {face.Index} (sample {face.Sample}): malformed result");
            }
        }

        if (result.TensorsAfter != result.TensorsBefore)
        {
            Console.WriteLine($"warning: {result.TensorsAfter - result.TensorsBefore} tensors left undisposed in the page");
        }
    }

    /// <summary>The fixture: a small header, then one face per line.</summary>
    private static string FixtureJson(PageResult result, List<PageFace> faces)
    {
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append("  \"generator\": \"eng/face-api-reference\",\n");
        text.Append($"  \"faceApi\": {JsonSerializer.Serialize(result.FaceApi)},\n");
        text.Append($"  \"tfjs\": {JsonSerializer.Serialize(result.Tfjs)},\n");
        text.Append($"  \"backend\": {JsonSerializer.Serialize(result.Backend)},\n");
        text.Append("  \"faces\": [\n");
        for (var i = 0; i < faces.Count; i++)
        {
            var f = faces[i];
            var face = new FixtureFace(
                f.Sample, f.Box,
                f.LandmarkSlice, [.. f.Landmarks.Select(Pixels)],
                Pixels(f.DescriptorBox), f.DescriptorSlice,
                Pixels(f.AgeGenderBox), f.AgeGenderSlice,
                [.. f.Descriptor.Select(Significant)], Significant(f.Age), f.Gender, Significant(f.GenderProbability));
            text.Append("    ").Append(JsonSerializer.Serialize(face, Json)).Append(i + 1 < faces.Count ? ",\n" : "\n");
        }

        text.Append("  ]\n}\n");
        return text.ToString();
    }

    private static double[] Pixels(double[] values) => [.. values.Select(v => Math.Round(v, 4))];

    private static double Significant(double value) =>
        double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static void PrintSummary(PageResult result, List<PageFace> faces, string outPath)
    {
        Console.WriteLine($"face-api {result.FaceApi}, TensorFlow.js {result.Tfjs}, backend {result.Backend}");
        Console.WriteLine($"{"#",3} {"sample",6} {"box (x, y, w, h)",-22} {"age",6} {"gender",-7} {"prob",6} {"|d|",7}");
        for (var i = 0; i < faces.Count; i++)
        {
            var f = faces[i];
            var norm = Math.Sqrt(f.Descriptor.Sum(v => v * v));
            Console.WriteLine(
                $"{i,3} {f.Sample,6} {string.Join(", ", f.Box),-22} {f.Age,6:F1} {f.Gender,-7} {f.GenderProbability,6:F3} {norm,7:F4}");
        }

        Console.WriteLine($"wrote {outPath}");
    }

    private static string RepositoryRoot()
    {
        var root = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        return root is not null && File.Exists(Path.Combine(root, "DatasetForge.sln"))
            ? root
            : throw new InvalidOperationException($"the repository root '{root}' (set at build time) has no DatasetForge.sln");
    }

    private sealed record Served(byte[] Body, string ContentType);

    private sealed record SampleFace(int Sample, int X, int Y, int W, int H);

    private sealed record PageBox(int Index, int X, int Y, int W, int H);

    private sealed record PagePhoto(int Sample, string Url, int Width, int Height, PageBox[] Boxes);

    private sealed record PageRequest(string ModelUri, List<PagePhoto> Photos);

    private sealed record PageResult(string FaceApi, string Tfjs, string Backend, int TensorsBefore, int TensorsAfter, PageFace[] Faces);

    private sealed record PageFace(
        int Index, int Sample, int[] Box,
        int[] LandmarkSlice, double[][] Landmarks,
        double[] DescriptorBox, int[] DescriptorSlice,
        double[] AgeGenderBox, int[] AgeGenderSlice,
        double[] Descriptor, double Age, string Gender, double GenderProbability,
        double[] DetectionBox);

    private sealed record FixtureFace(
        int Sample, int[] Box,
        int[] LandmarkSlice, double[][] Landmarks,
        double[] DescriptorBox, int[] DescriptorSlice,
        double[] AgeGenderBox, int[] AgeGenderSlice,
        double[] Descriptor, double Age, string Gender, double GenderProbability);
}
