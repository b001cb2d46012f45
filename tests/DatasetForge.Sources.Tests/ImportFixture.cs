using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Manifests;
using DatasetForge.Testing;
using OpenCvSharp;

namespace DatasetForge.Sources.Tests;

/// <summary>
/// A temporary manifests folder and workspace for one dataset: tests write real image files, CSVs and videos into
/// <see cref="DataDirectory"/>, manifests beside them, and load the dataset through the real manifest loader.
/// </summary>
public sealed class ImportFixture : IDisposable
{
    private readonly TempWorkspace _workspace;

    public ImportFixture(string datasetYaml = "dataset: faces\nlabel: gender\n")
    {
        _workspace = new TempWorkspace("faces");
        ManifestDirectory = Directory.CreateDirectory(Path.Combine(_workspace.RootDirectory, "manifests", "faces")).FullName;
        DataDirectory = Directory.CreateDirectory(Path.Combine(ManifestDirectory, "data")).FullName;
        ScrapersDirectory = Directory.CreateDirectory(Path.Combine(_workspace.RootDirectory, "scrapers")).FullName;
        File.WriteAllText(Path.Combine(ManifestDirectory, "dataset.yaml"), datasetYaml);
    }

    public string ManifestDirectory { get; }

    public string DataDirectory { get; }

    public string ScrapersDirectory { get; }

    public DatasetWorkspace Workspace => _workspace.Workspace;

    public RecordingProgress<StageProgress> Progress { get; } = new();

    public void Manifest(string name, string yaml) => File.WriteAllText(Path.Combine(ManifestDirectory, name), yaml);

    public StageContext Context() =>
        new(new ManifestLoader().LoadDataset(ManifestDirectory, ScrapersDirectory), Workspace, Progress, TimeProvider.System);

    /// <summary>The path of a data file, its folders created.</summary>
    public string Data(string relative)
    {
        var path = Path.Combine(DataDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Writes a real image (a gradient and a disc whose colour depends on <paramref name="seed"/>) as JPEG or PNG by extension.</summary>
    public string Image(string relative, int seed, int width = 48, int height = 40)
    {
        var path = Data(relative);
        File.WriteAllBytes(path, ImageBytes(seed, Path.GetExtension(path), width, height));
        return path;
    }

    public static byte[] ImageBytes(int seed, string extension = ".jpg", int width = 48, int height = 40)
    {
        using var image = Frame(seed, width, height);
        return image.ImEncode(extension);
    }

    public static Mat Frame(int seed, int width, int height)
    {
        var image = new Mat(height, width, MatType.CV_8UC3);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image.Set(y, x, new Vec3b((byte)((x * 5) + seed), (byte)((y * 5) + (seed * 3)), (byte)(seed * 37)));
            }
        }

        Cv2.Circle(image, new Point(width / 2, height / 2), Math.Min(width, height) / 3, new Scalar((seed * 53) % 256, (seed * 91) % 256, 200), -1);
        return image;
    }

    public void Dispose() => _workspace.Dispose();
}
