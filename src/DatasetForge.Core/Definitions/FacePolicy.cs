namespace DatasetForge.Core.Definitions;

/// <summary>
/// What a photo's crop holds (<c>curation: { faces: … }</c>): one face, the pair of the two largest faces, or the whole
/// photo. The ambiguity rules follow it. A precropped source ignores it: its image is the crop already.
/// </summary>
public enum FacePolicy
{
    /// <summary>The dominant face (the largest; the higher score breaks a tie); a comparable second face makes the photo ambiguous.</summary>
    One,

    /// <summary>
    /// The span of the two largest faces with the <c>facePercent</c> margin (the couples project); a photo with fewer
    /// than two faces is rejected (rule <c>no-pair</c>), a comparable third face makes it ambiguous.
    /// </summary>
    Pair,

    /// <summary>
    /// The whole photo resized to the crop size (scenes, cartoon stills): no face is needed, and the face rules
    /// (<c>no-face</c>, <c>face-too-small</c>, <c>ambiguous-faces</c>) do not apply.
    /// </summary>
    Whole,
}
