namespace DatasetForge.Curation.Stage;

/// <summary>What the rules need to know about a photo: its face record and its photo-level decisions, flattened.</summary>
internal sealed record PhotoFacts(int PhotoId, string Url)
{
    /// <summary>Whether a face record exists for the current detector.</summary>
    public bool Detected { get; init; }

    public string? DecodeError { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public int FaceCount { get; init; }

    public float? FaceWidth { get; init; }

    public float? FaceHeight { get; init; }

    public float? FaceScore { get; init; }

    public double? SecondFaceRatio { get; init; }

    public string? FacesSummary { get; init; }

    public long? PerceptualHash { get; init; }
}
