namespace DatasetForge.Scraping.Extraction;

/// <summary>One person item read off a page, with URLs already resolved against the page (and its base).</summary>
public sealed record ExtractedPerson(string Name, string? Role, Uri? ProfileUrl, Uri? PhotoUrl, string? Label, Uri PageUrl)
{
    /// <summary>The identity within a source: the profile URL (without fragment), else <c>name:</c> and the normalised name.</summary>
    public string Key => ProfileUrl is not null
        ? ProfileUrl.GetLeftPart(UriPartial.Query)
        : "name:" + string.Join(' ', Name.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
