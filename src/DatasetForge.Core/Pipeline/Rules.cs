namespace DatasetForge.Core.Pipeline;

/// <summary>Names of the rules that decide about items; recorded with every decision.</summary>
public static class Rules
{
    /// <summary>The page listed a person without a usable photo URL.</summary>
    public const string NoPhoto = "no-photo";

    /// <summary>
    /// The same person is listed with different labels, for example on two departments: by two sources (one duplicate
    /// group: the same photo or profile page), or twice by one source (scrape records both labels as a flagged decision).
    /// None is kept until a reviewer sets the right label (<c>forge review --label</c>) or keeps one listing
    /// (<c>forge review --accept</c>); then the decision's outcome is Kept (resolved) and the reviewer's label is used.
    /// </summary>
    public const string LabelConflict = "label-conflict";

    /// <summary>A reviewer's label for an item (<c>forge review --label</c>): it replaces the listed label and survives re-runs.</summary>
    public const string ReviewLabel = "review-label";

    /// <summary>The photo, or the page that lists it, says <c>noai</c>, <c>noimageai</c> or <c>noimageindex</c>: not for AI use.</summary>
    public const string NoAi = "no-ai";

    /// <summary>The photo could not be downloaded (HTTP error, timeout, off-scope redirect, not an image).</summary>
    public const string Download = "download";

    /// <summary>The bytes are not a decodable image, or exceed the pixel limit.</summary>
    public const string Decode = "decode";

    /// <summary>No face found.</summary>
    public const string NoFace = "no-face";

    /// <summary>Several faces of comparable size: no clear subject.</summary>
    public const string AmbiguousFaces = "ambiguous-faces";

    /// <summary>With <c>faces: pair</c>: the photo has one face, not the two its crop must span.</summary>
    public const string NoPair = "no-pair";

    /// <summary>The face is too small.</summary>
    public const string FaceTooSmall = "face-too-small";

    /// <summary>The photo is too small (its shorter side is under the minimum).</summary>
    public const string ImageTooSmall = "too-small-image";

    /// <summary>The face crop is blurred (low variance of the Laplacian).</summary>
    public const string Blur = "blur";

    /// <summary>The face crop is too dark.</summary>
    public const string TooDark = "too-dark";

    /// <summary>The face crop is too bright (overexposed).</summary>
    public const string TooBright = "too-bright";

    /// <summary>The photo is greyscale: flagged (or rejected when the dataset says so).</summary>
    public const string Greyscale = "greyscale";

    /// <summary>A reviewer's decision (<c>forge review</c>); overrides curation's outcome for the person.</summary>
    public const string Review = "review";

    /// <summary>Removed for good (<c>forge forget</c>): never fetched, curated or exported again.</summary>
    public const string Takedown = "takedown";

    /// <summary>The role names a non-academic job (secretary, administration, technical staff).</summary>
    public const string NonAcademicRole = "non-academic-role";

    /// <summary>The role matched neither list: kept, flagged for review.</summary>
    public const string UnknownRole = "unknown-role";

    /// <summary>A placeholder or avatar image, not a photo of the person.</summary>
    public const string Placeholder = "placeholder";

    /// <summary>The same photo (or the same person) as an item already kept; joined to its group.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>
    /// Flagged, not rejected: the face's descriptor is within the identity distance of another person's, so both are
    /// taken for one person and share a group (never two splits); both photos stay kept.
    /// </summary>
    public const string SamePerson = "same-person";

    /// <summary>A reviewer's word that a person is not the same as the others their face was matched to (<c>forge review --not-same</c>).</summary>
    public const string NotSamePerson = "not-same-person";

    /// <summary>The item has no label.</summary>
    public const string NoLabel = "no-label";

    /// <summary>The item passed every rule.</summary>
    public const string Accepted = "accepted";
}
