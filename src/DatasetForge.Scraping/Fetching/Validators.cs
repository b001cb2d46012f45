namespace DatasetForge.Scraping.Fetching;

/// <summary>What a conditional GET sends back to the server: the ETag and Last-Modified of the copy already stored.</summary>
internal sealed record Validators(string? ETag, string? LastModified)
{
    /// <summary>Whether there is anything to send; without validators a GET is unconditional.</summary>
    public bool Any => !string.IsNullOrEmpty(ETag) || !string.IsNullOrEmpty(LastModified);
}
