using DatasetForge.Curation.Detection;
using DatasetForge.Curation.Quality;
using DatasetForge.FaceModels.Analysis;

namespace DatasetForge.Curation.Stage;

/// <summary>What decoding, detection and cropping made of one photo, before it is written to the catalogue.</summary>
internal sealed record PhotoOutcome(int PhotoId, string Detector)
{
    public string? Error { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public int FaceCount { get; init; }

    public FaceDetection? Dominant { get; init; }

    /// <summary>Area of the second-largest face over the dominant one's; null with fewer than two faces.</summary>
    public float? SecondFaceAreaRatio { get; init; }

    /// <summary>The second-largest face's score; null with fewer than two faces.</summary>
    public float? SecondFaceScore { get; init; }

    /// <summary>Under faces: pair with two faces or more, the narrower of the two kept faces' widths; null otherwise.</summary>
    public float? PairFaceWidth { get; init; }

    /// <summary>Sharpness, brightness and contrast of the crop, when one was cut.</summary>
    public CropQuality? Quality { get; init; }

    /// <summary>Whether the decoded photo is greyscale; null when it did not decode.</summary>
    public bool? IsGreyscale { get; init; }

    /// <summary>Perceptual hash of the whole photo; null when it did not decode.</summary>
    public long? ImagePerceptualHash { get; init; }

    public string? CropRelativePath { get; init; }

    public string? CropSha256 { get; init; }

    public long? PerceptualHash { get; init; }

    /// <summary>face-api's estimates and descriptor for the dominant face, when demographics are on and a face was kept.</summary>
    public FaceAnalysis? Analysis { get; init; }

    /// <summary>The model that analysed the dominant face, even when it gave nothing (a box outside the photo); null when none ran.</summary>
    public string? EstimatesModel { get; init; }

    /// <summary>The settings the face record and crop were made with (see <see cref="CropSettings"/>).</summary>
    public string? CropSettings { get; init; }
}
