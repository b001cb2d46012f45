namespace DatasetForge.Scraping.Extraction;

/// <summary>What one page yielded: persons, the next page, and problems such as selectors that matched nothing.</summary>
public sealed record ExtractedPage(Uri Url, IReadOnlyList<ExtractedPerson> Persons, Uri? NextPage, IReadOnlyList<string> Problems)
{
    /// <summary>How many elements the item selector matched (items without a name are not persons).</summary>
    public int ItemCount { get; init; }
}
