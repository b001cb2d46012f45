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

    /// <summary>The ETag the server sent with the photo, for conditional GET on refresh.</summary>
    public string? ETag { get; set; }

    /// <summary>The Last-Modified header the server sent with the photo, for conditional GET on refresh.</summary>
    public string? LastModified { get; set; }

    /// <summary>When the photo's URL was last checked (fetched or answered 304).</summary>
    public DateTime? LastCheckedAt { get; set; }

    public FaceRecord? Face { get; set; }
}
