namespace DatasetForge.Catalogue.Entities;

/// <summary>A downloaded photo, stored once by content hash.</summary>
public sealed class PhotoRecord
{
    public int Id { get; set; }

    /// <summary>sha256 of the bytes, lower-case hex; the blob's name in the store.</summary>
    public required string Sha256 { get; set; }

    /// <summary>The URL it was first fetched from.</summary>
    public required string Url { get; set; }

    public required string ContentType { get; set; }

    public long Length { get; set; }

    public DateTime FetchedAt { get; set; }

    public FaceRecord? Face { get; set; }
}
