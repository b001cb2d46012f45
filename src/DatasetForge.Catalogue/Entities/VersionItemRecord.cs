namespace DatasetForge.Catalogue.Entities;

/// <summary>One item of a version: an opaque id, its split and label. The person link stays in the catalogue.</summary>
public sealed class VersionItemRecord
{
    public required string VersionId { get; set; }

    /// <summary>Opaque id used in every exported file; derived from the crop hash, never from a name.</summary>
    public required string ItemId { get; set; }

    public int PersonId { get; set; }

    /// <summary>Train, Validation or Test.</summary>
    public required string Split { get; set; }

    public required string Label { get; set; }

    /// <summary>The duplicate group; a group never straddles two splits.</summary>
    public int GroupId { get; set; }

    public required string CropSha256 { get; set; }

    /// <summary>The image file relative to the version folder.</summary>
    public required string File { get; set; }
}
