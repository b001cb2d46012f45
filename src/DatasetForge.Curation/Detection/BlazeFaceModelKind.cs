namespace DatasetForge.Curation.Detection;

/// <summary>The two BlazeFace models.</summary>
public enum BlazeFaceModelKind
{
    /// <summary>128x128 input, for portraits where the face fills much of the frame.</summary>
    Front,

    /// <summary>256x256 input, for smaller faces and group photos.</summary>
    Back,
}
