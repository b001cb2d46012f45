namespace DatasetForge.Scraping.Extraction;

/// <summary>What one page yielded: persons, the links to further list pages, and problems such as selectors that matched nothing.</summary>
public sealed record ExtractedPage(Uri Url, IReadOnlyList<ExtractedPerson> Persons, IReadOnlyList<Uri> PageLinks, IReadOnlyList<string> Problems)
{
    /// <summary>How many elements the item selector matched (items without a name are not persons).</summary>
    public int ItemCount { get; init; }

    /// <summary>The first further list page, or null.</summary>
    public Uri? NextPage => PageLinks.Count > 0 ? PageLinks[0] : null;
}
