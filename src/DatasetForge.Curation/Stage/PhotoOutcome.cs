using DatasetForge.Curation.Detection;

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
    public double? SecondFaceRatio { get; init; }

    /// <summary>Every face as "score (w x h px)", for the reason of an ambiguous photo.</summary>
    public string? FacesSummary { get; init; }

    public string? CropRelativePath { get; init; }

    public string? CropSha256 { get; init; }

    public long? PerceptualHash { get; init; }
}
