namespace DatasetForge.Scraping.Extraction;

/// <summary>What one page yielded: persons, the links to further list pages, and problems such as selectors that matched nothing.</summary>
public sealed record ExtractedPage(Uri Url, IReadOnlyList<ExtractedPerson> Persons, IReadOnlyList<Uri> PageLinks, IReadOnlyList<string> Problems)
{
    /// <summary>How many elements the item selector matched (items without a name are not persons).</summary>
    public int ItemCount { get; init; }

    /// <summary>The page's <c>&lt;meta name=… content=…&gt;</c> tags, for its robots directives.</summary>
    public IReadOnlyList<(string Name, string Content)> MetaTags { get; init; } = [];

    /// <summary>The first further list page, or null.</summary>
    public Uri? NextPage => PageLinks.Count > 0 ? PageLinks[0] : null;
}

/// <summary>What a profile page yielded: the photo, role and label (or what matched nothing) and its meta tags, for its robots directives.</summary>
public sealed record ExtractedProfile(Uri? Photo, string? Problem, IReadOnlyList<(string Name, string Content)> MetaTags)
{
    /// <summary>The role read with <c>profileRole</c>; null when not asked for or not found.</summary>
    public string? Role { get; init; }

    /// <summary>The label read with <c>profileLabel</c>; null when not asked for or not found.</summary>
    public string? Label { get; init; }
}
