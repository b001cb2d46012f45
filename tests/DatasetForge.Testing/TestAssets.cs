using System.Runtime.CompilerServices;
using DatasetForge.Core.Assets;

namespace DatasetForge.Testing;

/// <summary>
/// Finds the fetched assets for tests: through <see cref="AssetLocator"/>, and else from this source file's repository,
/// so builds with <c>--artifacts-path</c> outside the repository still find <c>.cache/assets</c>.
/// </summary>
public static class TestAssets
{
    /// <summary>The folder of the face-api sample photos.</summary>
    public static string SamplePhotosDirectory => Require(AssetLocator.SamplePhotosDirectory);

    /// <summary>The asset folder itself (<c>.cache/assets</c>).</summary>
    public static string Root => Path.GetFullPath(Require("."));

    /// <summary>The full path of an asset, or an exception that says how to fetch it.</summary>
    public static string Require(string relativePath)
    {
        if (AssetLocator.FindRoot() is not null)
        {
            return AssetLocator.Require(relativePath);
        }

        for (var dir = new DirectoryInfo(Path.GetDirectoryName(SourceFile())!); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".cache", "assets", relativePath);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return AssetLocator.Require(relativePath);
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
