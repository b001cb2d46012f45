namespace DatasetForge.Scraping.Extraction;

/// <summary>One person item read off a page, with URLs already resolved against the page (and its base).</summary>
public sealed record ExtractedPerson(string Name, string? Role, Uri? ProfileUrl, Uri? PhotoUrl, string? Label, Uri PageUrl)
{
    /// <summary>Why this person's photo is not for AI use (the page's or profile page's noai directive, in words); null when it may be used.</summary>
    public string? NoAi { get; init; }

    /// <summary>
    /// The source's other listings of this person (the same <see cref="Key"/>) that gave a different label, for example a
    /// second department page: the label and the page of each. Empty when every listing agrees (or gives no label).
    /// Scrape records them as a label conflict; the first listing's label stays in the catalogue as one of the two.
    /// </summary>
    public IReadOnlyList<(string Label, Uri PageUrl)> OtherLabels { get; init; } = [];

    /// <summary>
    /// The identity within a source: the profile URL's path and query, else <c>name:</c> and the normalised name.
    /// Scheme, host and port are left out on purpose, so a site that moves to https, to a new domain or (the demo) to
    /// another port keeps its persons instead of listing them all anew.
    /// </summary>
    public string Key => ProfileUrl is not null
        ? "path:" + ProfileUrl.PathAndQuery
        : "name:" + string.Join(' ', Name.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
