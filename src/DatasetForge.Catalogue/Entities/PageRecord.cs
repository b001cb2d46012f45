namespace DatasetForge.Catalogue.Entities;

/// <summary>A page a source's crawl fetched: its validators for conditional GET, and what its content hashed to.</summary>
public sealed class PageRecord
{
    public int Id { get; set; }

    public int SourceId { get; set; }

    /// <summary>The page's absolute URL.</summary>
    public required string Url { get; set; }

    public string? ETag { get; set; }

    public string? LastModified { get; set; }

    /// <summary>sha256 of the body last fetched, to notice a changed page.</summary>
    public string? Sha256 { get; set; }

    /// <summary>The HTTP status of the last fetch (304 when unchanged).</summary>
    public int? LastStatus { get; set; }

    public DateTime FirstSeenAt { get; set; }

    public DateTime LastFetchedAt { get; set; }
}
