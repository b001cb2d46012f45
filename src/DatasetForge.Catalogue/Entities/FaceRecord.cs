namespace DatasetForge.Catalogue.Entities;

/// <summary>The outcome of face detection on one photo: the kept face, its crop and hashes.</summary>
public sealed class FaceRecord
{
    public int Id { get; set; }

    public int PhotoId { get; set; }

    public PhotoRecord? Photo { get; set; }

    /// <summary>The detector that ran (blazeface, haar).</summary>
    public required string Detector { get; set; }

    /// <summary>How many faces were found above the score threshold.</summary>
    public int FaceCount { get; set; }

    public int ImageWidth { get; set; }

    public int ImageHeight { get; set; }

    /// <summary>The kept face's box in original pixels, when one was kept.</summary>
    public float? X { get; set; }

    public float? Y { get; set; }

    public float? Width { get; set; }

    public float? Height { get; set; }

    public float? Score { get; set; }

    /// <summary>The score of the second-largest face, when there was one.</summary>
    public float? SecondFaceScore { get; set; }

    /// <summary>The second-largest face's area divided by the kept face's, when there was one.</summary>
    public float? SecondFaceAreaRatio { get; set; }

    /// <summary>
    /// Under <c>faces: pair</c>, the narrower of the two kept faces' widths in original pixels (what <c>face-too-small</c>
    /// judges: both faces of the pair must be big enough); null under the other policies, or with fewer than two faces.
    /// </summary>
    public float? PairFaceWidth { get; set; }

    /// <summary>Variance of the Laplacian of the crop (higher is sharper).</summary>
    public double? Sharpness { get; set; }

    /// <summary>Mean luminance of the crop, 0 to 255.</summary>
    public double? Brightness { get; set; }

    /// <summary>Standard deviation of the crop's luminance.</summary>
    public double? Contrast { get; set; }

    /// <summary>Whether the original photo is greyscale (all channels equal within a small tolerance).</summary>
    public bool? IsGreyscale { get; set; }

    /// <summary>64-bit perceptual hash of the whole original photo, for near duplicates before cropping.</summary>
    public long? ImagePerceptualHash { get; set; }

    /// <summary>Keypoints (eyes, nose, mouth, ears) as a JSON array of [x, y] in original pixels.</summary>
    public string? KeypointsJson { get; set; }

    /// <summary>The crop's path relative to the dataset folder, when a crop was written.</summary>
    public string? CropPath { get; set; }

    public string? CropSha256 { get; set; }

    /// <summary>64-bit perceptual hash of the crop, for near duplicates.</summary>
    public long? PerceptualHash { get; set; }

    public DateTime DetectedAt { get; set; }

    /// <summary>
    /// What shaped the detection and the crop (detector, minimum score, face share, crop size, or "whole" for a
    /// precropped image), so a change of those settings redoes the photo; null for records older than this column.
    /// </summary>
    public string? CropSettings { get; set; }

    /// <summary>
    /// The model that made the estimates below (name and version), when they were made; null when demographics are
    /// off for the dataset or the photo has no face.
    /// </summary>
    public string? EstimatesModel { get; set; }

    /// <summary>An estimate, not a fact: the kept face's age in years by <see cref="EstimatesModel"/>.</summary>
    public float? EstimatedAge { get; set; }

    /// <summary>An estimate, not a fact: <c>female</c> or <c>male</c>, the more likely of the model's two classes.</summary>
    public string? EstimatedGender { get; set; }

    /// <summary>The model's probability of <see cref="EstimatedGender"/> (0.5 to 1).</summary>
    public float? EstimatedGenderProbability { get; set; }

    /// <summary>
    /// The kept face's 128-number descriptor (little-endian float32), biometric data: it never leaves the catalogue and
    /// <c>forge forget</c> deletes it with the face.
    /// </summary>
    public byte[]? Descriptor { get; set; }
}
