using OpenCvSharp;

namespace DatasetForge.Curation.Detection;

/// <summary>
/// One face found by a detector, in original image pixels: its box, confidence and the six BlazeFace keypoints
/// in the order right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion (the subject's right
/// and left, so the right eye is on the image's left in a frontal photo).
/// </summary>
public sealed record FaceDetection(Rect2f Box, float Score, IReadOnlyList<Point2f> Keypoints)
{
    /// <summary>Index of the subject's right eye in <see cref="Keypoints"/>.</summary>
    public const int RightEyeIndex = 0;

    /// <summary>Index of the subject's left eye in <see cref="Keypoints"/>.</summary>
    public const int LeftEyeIndex = 1;

    /// <summary>The box area in square pixels.</summary>
    public float Area => Box.Width * Box.Height;

    /// <summary>The subject's right eye, when the detector gives keypoints.</summary>
    public Point2f? RightEye => Keypoints.Count > RightEyeIndex ? Keypoints[RightEyeIndex] : null;

    /// <summary>The subject's left eye, when the detector gives keypoints.</summary>
    public Point2f? LeftEye => Keypoints.Count > LeftEyeIndex ? Keypoints[LeftEyeIndex] : null;
}
