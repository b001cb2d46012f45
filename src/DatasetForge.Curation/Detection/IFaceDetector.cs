using OpenCvSharp;

namespace DatasetForge.Curation.Detection;

/// <summary>Finds faces in a decoded BGR image. Implementations are safe to call from several threads at once.</summary>
public interface IFaceDetector : IDisposable
{
    /// <summary>The detector's name as recorded in <c>FaceRecord.Detector</c>; a change makes curation detect again.</summary>
    string Name { get; }

    /// <summary>Faces at or above the score threshold, best first, in original pixels.</summary>
    IReadOnlyList<FaceDetection> Detect(Mat image);
}
