namespace DatasetForge.Core.Assets;

/// <summary>
/// Finds the fetched assets (model weights, sample photos) that <c>eng/setup.sh</c> caches under <c>.cache/assets</c>.
/// Looks in <c>$DATASETFORGE_ASSETS</c> first, then in <c>.cache/assets</c> of the current directory, the program's
/// directory, and each of their parents.
/// </summary>
public static class AssetLocator
{
    /// <summary>The environment variable that names the asset folder explicitly.</summary>
    public const string EnvironmentVariable = "DATASETFORGE_ASSETS";

    /// <summary>The BlazeFace front model (128x128, portraits), relative to the asset folder.</summary>
    public const string BlazeFaceFront = "blazeface/package/ONNX/face_detection_front_128x128_barracuda.onnx";

    /// <summary>The BlazeFace back model (256x256, small faces and groups), relative to the asset folder.</summary>
    public const string BlazeFaceBack = "blazeface/package/ONNX/face_detection_back_256x256_barracuda.onnx";

    /// <summary>The sample group photos <c>sample1.jpg</c> … <c>sample6.jpg</c>, relative to the asset folder.</summary>
    public const string SamplePhotosDirectory = "face-api/package/demo";

    /// <summary>The asset folder, or null when none is found.</summary>
    public static string? FindRoot()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ".cache", "assets");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The full path of an asset, or an exception that says how to get it.</summary>
    public static string Require(string relativePath)
    {
        var root = FindRoot() ?? throw new FileNotFoundException(
            $"The asset folder .cache/assets was not found (searched from '{Directory.GetCurrentDirectory()}' and '{AppContext.BaseDirectory}'). "
            + $"Run 'bash eng/setup.sh' in the repository, or set {EnvironmentVariable}.");
        var path = Path.Combine(root, relativePath);
        return File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"Asset '{relativePath}' is missing under '{root}'. Run 'bash eng/setup.sh' to fetch and verify it.", path);
    }
}
