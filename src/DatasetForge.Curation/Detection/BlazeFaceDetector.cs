using DatasetForge.Core.Assets;
using OpenCvSharp;

namespace DatasetForge.Curation.Detection;

/// <summary>
/// MediaPipe BlazeFace on ONNX Runtime (CPU), front and back models. Thread-safe: one instance serves every worker.
/// </summary>
/// <remarks>
/// Which model runs (<see cref="Detect(Mat)"/>): the front model when the photo is portrait-like (no wider than
/// <see cref="PortraitAspectLimit"/> times its height: staff photos, passport-style crops), and the back model for
/// wider photos (groups, scenes) or when the front model finds nothing.
/// </remarks>
public sealed class BlazeFaceDetector : IFaceDetector
{
    /// <summary>The name recorded in <c>FaceRecord.Detector</c>.</summary>
    public const string DetectorName = "blazeface";

    /// <summary>A photo at most this many times wider than high counts as portrait-like.</summary>
    public const double PortraitAspectLimit = 1.2;

    private readonly BlazeFaceModel _front;
    private readonly BlazeFaceModel _back;
    private readonly float _minScore;

    /// <summary>Loads both models.</summary>
    /// <param name="frontModelPath">The 128x128 front model (ONNX).</param>
    /// <param name="backModelPath">The 256x256 back model (ONNX).</param>
    /// <param name="minScore">Faces below this confidence are dropped. Default 0.7.</param>
    /// <param name="intraOpThreads">ONNX Runtime threads per inference; 1 suits one inference per core. Default 1.</param>
    public BlazeFaceDetector(string frontModelPath, string backModelPath, double minScore = 0.7, int intraOpThreads = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(frontModelPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(backModelPath);
        ArgumentOutOfRangeException.ThrowIfNegative(minScore);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minScore, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        _minScore = (float)minScore;
        _front = new BlazeFaceModel(frontModelPath, intraOpThreads);
        try
        {
            _back = new BlazeFaceModel(backModelPath, intraOpThreads);
        }
        catch
        {
            _front.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <summary>The models from the asset folder (<see cref="AssetLocator"/>).</summary>
    public static BlazeFaceDetector FromAssets(double minScore = 0.7, int intraOpThreads = 1) =>
        new(AssetLocator.Require(AssetLocator.BlazeFaceFront), AssetLocator.Require(AssetLocator.BlazeFaceBack), minScore, intraOpThreads);

    /// <summary>Whether <see cref="Detect(Mat)"/> tries the front model first on an image of this size.</summary>
    public static bool IsPortraitLike(int width, int height) => width <= height * PortraitAspectLimit;

    /// <inheritdoc />
    public IReadOnlyList<FaceDetection> Detect(Mat image)
    {
        ValidateImage(image);
        if (IsPortraitLike(image.Width, image.Height))
        {
            var front = _front.Detect(image, _minScore);
            if (front.Count > 0)
            {
                return Sorted(front);
            }
        }

        return Sorted(_back.Detect(image, _minScore));
    }

    /// <summary>Runs one model only, whatever the image's shape.</summary>
    public IReadOnlyList<FaceDetection> Detect(Mat image, BlazeFaceModelKind model)
    {
        ValidateImage(image);
        return Sorted((model == BlazeFaceModelKind.Front ? _front : _back).Detect(image, _minScore));
    }

    public void Dispose()
    {
        _front.Dispose();
        _back.Dispose();
    }

    private static List<FaceDetection> Sorted(List<FaceDetection> faces) => [.. faces.OrderByDescending(f => f.Score)];

    private static void ValidateImage(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Empty() || image.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"Expected a non-empty 8-bit BGR image, got {image.Type()} {image.Width}x{image.Height}.", nameof(image));
        }
    }
}
