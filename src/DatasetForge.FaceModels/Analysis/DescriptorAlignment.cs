namespace DatasetForge.FaceModels.Analysis;

/// <summary>How the face is cut for the descriptor network.</summary>
public enum DescriptorAlignment
{
    /// <summary>
    /// Turned about the eyes' midpoint until the eyes are level, then face-api's dlib box: like the dlib face chips the
    /// network was trained on. The default.
    /// </summary>
    LevelEyes,

    /// <summary>face-api's own dlib box on the unturned photo (what face-api.js computes).</summary>
    FaceApi,
}
