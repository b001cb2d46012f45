namespace DatasetForge.Core.Definitions;

/// <summary>Which part of a sampled video frame becomes a photo (the cartoon project cut frames into halves).</summary>
public enum VideoCrop
{
    /// <summary>The whole frame.</summary>
    Full,

    /// <summary>The left half of the frame.</summary>
    Left,

    /// <summary>The right half of the frame.</summary>
    Right,
}
