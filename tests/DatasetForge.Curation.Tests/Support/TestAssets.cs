using System.Runtime.CompilerServices;
using DatasetForge.Core.Assets;
using OpenCvSharp;

namespace DatasetForge.Curation.Tests.Support;

/// <summary>
/// The cached assets (BlazeFace models, sample photos). Test binaries live outside the repository (artifacts path),
/// so the asset folder is found from this source file when <c>DATASETFORGE_ASSETS</c> is not set.
/// </summary>
public static class TestAssets
{
    /// <summary>The faces a person counts in sample1.jpg … sample6.jpg (22 in all).</summary>
    public static readonly IReadOnlyDictionary<int, int> SampleFaceCounts =
        new Dictionary<int, int> { [1] = 3, [2] = 3, [3] = 3, [4] = 4, [5] = 5, [6] = 4 };

    private static readonly Lazy<string> Root = new(() => Locate());

    public static string SamplePath(int number) =>
        Path.Combine(Require(AssetLocator.SamplePhotosDirectory), $"sample{number}.jpg");

    public static Mat LoadSample(int number) => Cv2.ImRead(SamplePath(number), ImreadModes.Color);

    public static string Require(string relativePath)
    {
        _ = Root.Value;
        return AssetLocator.Require(relativePath);
    }

    private static string Locate([CallerFilePath] string sourceFile = "")
    {
        if (AssetLocator.FindRoot() is { } found)
        {
            return found;
        }

        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".cache", "assets");
            if (Directory.Exists(candidate))
            {
                Environment.SetEnvironmentVariable(AssetLocator.EnvironmentVariable, candidate);
                return candidate;
            }
        }

        throw new InvalidOperationException("The asset folder .cache/assets was not found; run 'bash eng/setup.sh'.");
    }
}
