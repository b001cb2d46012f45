using DatasetForge.Core.Definitions;
using DatasetForge.Curation.Detection;
using OpenCvSharp;

namespace DatasetForge.Curation.Cropping;

/// <summary>
/// Turns a photo and its detected faces into the crop the dataset's face policy (<c>curation: { faces: … }</c>) asks
/// for. Curate and <c>forge predict</c> both cut through this, so a model sees a photo alike in training and in
/// prediction.
/// </summary>
public static class FaceFraming
{
    /// <summary>The faces in the order every rule reads them: the largest box first, the higher score breaking a tie.</summary>
    public static List<FaceDetection> Order(IEnumerable<FaceDetection> faces) =>
        [.. faces.OrderByDescending(f => f.Area).ThenByDescending(f => f.Score)];

    /// <summary>Whether the policy needs the detector to cut the crop (whole photos and precropped images do not).</summary>
    public static bool NeedsFaces(FacePolicy policy, bool precropped) => !precropped && policy != FacePolicy.Whole;

    /// <summary>
    /// The crop of <paramref name="image"/> under <paramref name="options"/>' policy, from its faces in
    /// <see cref="Order"/>; null with the reason when the policy finds nothing to cut (no face; one face under pair).
    /// A precropped image is always the whole image at the crop size, as is every photo under <see cref="FacePolicy.Whole"/>.
    /// </summary>
    public static Mat? Cut(Mat image, IReadOnlyList<FaceDetection> faces, CurationOptions options, bool precropped, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(options);
        reason = null;
        if (!NeedsFaces(options.Faces, precropped))
        {
            return FaceCropper.Whole(image, options.CropSize, options.EffectiveCropHeight);
        }

        if (faces.Count == 0)
        {
            reason = "no face found";
            return null;
        }

        if (options.Faces == FacePolicy.Pair)
        {
            if (faces.Count < 2)
            {
                reason = "faces: pair needs two faces, only one found";
                return null;
            }

            return FaceCropper.Crop(image, Span(faces[0], faces[1]), options.FacePercent, options.CropSize, options.EffectiveCropHeight);
        }

        return FaceCropper.Crop(image, faces[0], options.FacePercent, options.CropSize, options.EffectiveCropHeight);
    }

    /// <summary>
    /// The face left out of the crop that competes with the kept ones: its area over the smallest kept face's area and its
    /// score (one: the second face against the first; pair: the third against the second); null when there is none, or
    /// under whole, where every face is in the crop.
    /// </summary>
    public static (float Ratio, float Score)? Competitor(IReadOnlyList<FaceDetection> faces, FacePolicy policy, bool precropped)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var kept = !NeedsFaces(policy, precropped) ? int.MaxValue : policy == FacePolicy.Pair ? 2 : 1;
        return faces.Count > kept ? (faces[kept].Area / faces[kept - 1].Area, faces[kept].Score) : null;
    }

    /// <summary>
    /// Under <see cref="FacePolicy.Pair"/>, the narrower of the two kept faces' widths (the face-too-small rule needs both
    /// faces big enough, not only the larger); null under the other policies, for a precropped image or with fewer than two faces.
    /// </summary>
    public static float? PairWidth(IReadOnlyList<FaceDetection> faces, FacePolicy policy, bool precropped)
    {
        ArgumentNullException.ThrowIfNull(faces);
        return policy == FacePolicy.Pair && !precropped && faces.Count >= 2 ? Math.Min(faces[0].Box.Width, faces[1].Box.Width) : null;
    }

    /// <summary>One box around both faces, with no keypoints (so the crop is not turned: two faces rarely share an eye line).</summary>
    private static FaceDetection Span(FaceDetection a, FaceDetection b)
    {
        var left = Math.Min(a.Box.Left, b.Box.Left);
        var top = Math.Min(a.Box.Top, b.Box.Top);
        var right = Math.Max(a.Box.Right, b.Box.Right);
        var bottom = Math.Max(a.Box.Bottom, b.Box.Bottom);
        return new FaceDetection(new Rect2f(left, top, right - left, bottom - top), Math.Min(a.Score, b.Score), []);
    }
}
