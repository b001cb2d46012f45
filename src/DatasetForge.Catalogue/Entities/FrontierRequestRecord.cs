namespace DatasetForge.Catalogue.Entities;

/// <summary>
/// One request of a source's crawl in progress (its frontier): a list page, a profile page or a photo still to fetch
/// (<see cref="FrontierStates.Pending"/>), or fetched, with what the server answered (<see cref="FrontierStates.Done"/>). A crawl
/// that is killed keeps its frontier, so the next one reads the answers from here instead of asking the server again; a crawl
/// that completes deletes it.
/// </summary>
public sealed class FrontierRequestRecord
{
    public int Id { get; set; }

    public int SourceId { get; set; }

    /// <summary>What was asked for: <see cref="FrontierKinds.Page"/>, <see cref="FrontierKinds.Profile"/> or <see cref="FrontierKinds.Photo"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The absolute URL asked for (before redirects).</summary>
    public required string Url { get; set; }

    /// <summary><see cref="FrontierStates.Pending"/> or <see cref="FrontierStates.Done"/>.</summary>
    public required string State { get; set; }

    /// <summary>When the crawl found the request.</summary>
    public DateTime QueuedAt { get; set; }

    /// <summary>When the answer came; null while pending.</summary>
    public DateTime? DoneAt { get; set; }

    /// <summary>The URL the answer came from, when redirects led elsewhere.</summary>
    public string? FinalUrl { get; set; }

    /// <summary>The HTTP status of the answer (304 for "not modified"); null when no answer came (timeout, connection error).</summary>
    public int? Status { get; set; }

    public string? ContentType { get; set; }

    public string? ETag { get; set; }

    public string? LastModified { get; set; }

    /// <summary>The answer's "not for AI" directive (X-Robots-Tag), as the fetcher words it.</summary>
    public string? NoAi { get; set; }

    /// <summary>The robots.txt rule the manifest's ignoreRobotsTxt overrode to fetch it, in words.</summary>
    public string? RobotsOverride { get; set; }

    /// <summary>Why there is no usable answer (an HTTP error, a timeout, a body over the limit); null when there is one.</summary>
    public string? Error { get; set; }

    /// <summary>sha256 of the body, kept in the crawl's frontier folder (pages) or the content store (photos); null without a body.</summary>
    public string? Sha256 { get; set; }

    /// <summary>The body's length in bytes.</summary>
    public long? Length { get; set; }
}

/// <summary>The kinds of <see cref="FrontierRequestRecord"/>.</summary>
public static class FrontierKinds
{
    /// <summary>A list page: a start URL, a next or numbered page.</summary>
    public const string Page = "page";

    /// <summary>A person's profile page.</summary>
    public const string Profile = "profile";

    /// <summary>A person's photo.</summary>
    public const string Photo = "photo";
}

/// <summary>The states of a <see cref="FrontierRequestRecord"/>.</summary>
public static class FrontierStates
{
    /// <summary>Found, not yet fetched.</summary>
    public const string Pending = "pending";

    /// <summary>Fetched; the answer is in the record.</summary>
    public const string Done = "done";
}
