namespace DatasetForge.Curation.Stage;

/// <summary>What the rules need to know about a photo: its face record and its photo-level decisions, flattened.</summary>
internal sealed record PhotoFacts(int PhotoId, string Url)
{
    public string? Sha256 { get; init; }

    /// <summary>Whether a face record exists for the current detector.</summary>
    public bool Detected { get; init; }

    public string? DecodeError { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public int FaceCount { get; init; }

    public float? FaceWidth { get; init; }

    public float? FaceHeight { get; init; }

    /// <summary>Under faces: pair, the narrower of the two kept faces' widths; null otherwise.</summary>
    public float? PairFaceWidth { get; init; }

    public float? FaceScore { get; init; }

    /// <summary>The second-largest face's area over the kept face's; null with fewer than two faces.</summary>
    public double? SecondFaceRatio { get; init; }

    public float? SecondFaceScore { get; init; }

    /// <summary>pHash of the crop.</summary>
    public long? PerceptualHash { get; init; }

    /// <summary>pHash of the whole photo.</summary>
    public long? ImagePerceptualHash { get; init; }

    public double? Sharpness { get; init; }

    public double? Brightness { get; init; }

    public double? Contrast { get; init; }

    public bool? IsGreyscale { get; init; }

    /// <summary>The dominant face's descriptor (face-api), when demographics are on and identity matching wants it.</summary>
    public float[]? Descriptor { get; init; }
}
