namespace DatasetForge.Catalogue.Entities;

/// <summary>
/// A person or photo removed for good (<c>forge forget</c>): blobs and crops deleted, kept out of every future version,
/// and matched on refresh so a re-scrape never brings it back. Matched by source and person key, or by photo sha256.
/// </summary>
public sealed class TakedownRecord
{
    public int Id { get; set; }

    /// <summary>person or photo.</summary>
    public required string Kind { get; set; }

    /// <summary>The source's name, for a person.</summary>
    public string? SourceName { get; set; }

    /// <summary>The person's key within the source, for a person.</summary>
    public string? PersonKey { get; set; }

    /// <summary>The photo's sha256, for a photo (and the photo of a forgotten person).</summary>
    public string? Sha256 { get; set; }

    /// <summary>Why, as the reviewer gave it.</summary>
    public required string Reason { get; set; }

    public DateTime CreatedAt { get; set; }
}
