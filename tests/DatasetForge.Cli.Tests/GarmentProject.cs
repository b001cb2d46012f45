using System.IO.Compression;
using DatasetForge.Testing;
using OpenCvSharp;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// A small imported project as a user lays one out: a manifests folder with <c>dataset.yaml</c> and one folder
/// source of precropped 28x28 Fashion-MNIST garments (PNG, one folder per class), and an empty workspace, so tests
/// drive the real import, curate, export, train, evaluate and predict commands on it.
/// </summary>
internal sealed class GarmentProject : IDisposable
{
    public const string Name = "garments";

    private const string ImagesFile = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
    private const string LabelsFile = "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz";

    private static readonly Dictionary<int, string> Classes = new() { [1] = "trouser", [8] = "bag" };

    private readonly TempWorkspace _temp = new(Name);

    /// <param name="perClass">Images per class in the source folder.</param>
    /// <param name="training">The dataset's <c>training:</c> block, YAML lines indented by two spaces.</param>
    /// <param name="extra">More top-level lines of <c>dataset.yaml</c>.</param>
    /// <param name="coded">Name the class folders by Fashion-MNIST's codes (1, 8) and map them to names with <c>values:</c>.</param>
    public GarmentProject(int perClass, string training, string extra = "", bool coded = false)
    {
        Manifests = Path.Combine(_temp.RootDirectory, "manifests");
        var folder = Path.Combine(Manifests, Name);
        Data = Path.Combine(folder, "data");
        Directory.CreateDirectory(Data);
        File.WriteAllText(Path.Combine(folder, "dataset.yaml"), $"""
            dataset: {Name}
            label: garment
            labelKind: category
            seed: 7
            splits:
              train: 0.6
              validation: 0.2
              test: 0.2
            curation:
              cropSize: 32
              minImageSide: 8
              minBrightness: 0
              maxBrightness: 255
              minSharpness: 0
              nearDuplicateDistance: -1
              imageNearDuplicateDistance: -1
              demographics: false
            training:
            {training}
            {extra}
            """);
        File.WriteAllText(Path.Combine(folder, "garments.yaml"), """
            source: garments
            kind: folder
            path: data
            precropped: true

            """ + (coded ? "values:\n  garment: { \"1\": trouser, \"8\": bag }\n" : string.Empty));
        foreach (var (label, index, pixels) in Read(perClass))
        {
            var directory = coded ? Classes.Single(c => c.Value == label).Key.ToString(System.Globalization.CultureInfo.InvariantCulture) : label;
            Directory.CreateDirectory(Path.Combine(Data, directory));
            using var grey = Mat.FromPixelData(28, 28, MatType.CV_8UC1, pixels);
            using var colour = new Mat();
            Cv2.CvtColor(grey, colour, ColorConversionCodes.GRAY2BGR);
            File.WriteAllBytes(Path.Combine(Data, directory, $"{label}-{index:D4}.png"), colour.ImEncode(".png"));
        }
    }

    /// <summary>The manifests folder (holding <c>garments/</c>).</summary>
    public string Manifests { get; }

    /// <summary>The source's images, <c>data/&lt;label or code&gt;/&lt;label&gt;-NNNN.png</c>.</summary>
    public string Data { get; }

    public Core.Workspace.DatasetWorkspace Workspace => _temp.Workspace;

    /// <summary>Runs <c>forge</c> with <paramref name="args"/> on this project; returns the exit code and the console text.</summary>
    public async Task<(int Code, string Output)> ForgeAsync(params string[] args)
    {
        var console = new ConsoleCapture();
        var code = await new ForgeApp(console.Console).RunAsync(
            [.. args, .. ProjectArguments]);
        return (code, console.Text);
    }

    /// <summary>The options that point <c>forge</c> at this project (dataset, manifests, scrapers, workspace).</summary>
    public IReadOnlyList<string> ProjectArguments => ["-d", Name, "--manifests", Manifests, "--scrapers", RepositoryPaths.Scrapers, "--workspace", _temp.RootDirectory];

    public void Dispose() => _temp.Dispose();

    private static IEnumerable<(string Label, int Index, byte[] Pixels)> Read(int perClass)
    {
        var images = Gunzip(ImagesFile);
        var labels = Gunzip(LabelsFile);
        var taken = Classes.Keys.ToDictionary(c => c, _ => 0);
        for (var i = 0; i < labels.Length - 8 && taken.Values.Any(t => t < perClass); i++)
        {
            int label = labels[8 + i];
            if (taken.TryGetValue(label, out var n) && n < perClass)
            {
                taken[label] = n + 1;
                yield return (Classes[label], n, images.AsSpan(16 + (i * 784), 784).ToArray());
            }
        }
    }

    private static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
