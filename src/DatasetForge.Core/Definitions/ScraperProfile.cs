namespace DatasetForge.Core.Definitions;

/// <summary>How to read one kind of staff page: CSS selectors, paging, browser steps, and whether a browser must render it first.</summary>
public sealed record ScraperProfile
{
    /// <summary>The default of <see cref="MaxPages"/>.</summary>
    public const int DefaultMaxPages = 20;

    /// <summary>The default of <see cref="MaxLoadMore"/>.</summary>
    public const int DefaultMaxLoadMore = 20;

    /// <summary>The profile's name (its file name under <c>scrapers/</c>), or the manifest's name when it stands alone.</summary>
    public required string Name { get; init; }

    /// <summary>Render the page in Chromium (Playwright) before extraction, for lists built by script. Default false.</summary>
    public bool Browser { get; init; }

    /// <summary>With <see cref="Browser"/>: a CSS selector to wait for before the DOM is read. Default: the item selector.</summary>
    public string? WaitFor { get; init; }

    /// <summary>The selectors.</summary>
    public required SelectorSet Selectors { get; init; }

    /// <summary>Most list pages read per start URL (next links, page numbers, <c>?page=N</c>). Default 20.</summary>
    public int MaxPages { get; init; } = DefaultMaxPages;

    /// <summary>
    /// Paging by query parameter: the name of the parameter (e.g. <c>page</c>) whose value is counted up from the start URL's
    /// value (or <see cref="FirstPageNumber"/>) until a page adds no new person or <see cref="MaxPages"/> is reached. Default none.
    /// </summary>
    public string? PageParameter { get; init; }

    /// <summary>With <see cref="PageParameter"/>: the number of the first page when the start URL has none. Default 1.</summary>
    public int FirstPageNumber { get; init; } = 1;

    /// <summary>Browser only: a cookie or consent banner's button, clicked once if present before anything else. Default none.</summary>
    public string? CookieBanner { get; init; }

    /// <summary>Browser only: a "load more" button, clicked until it is gone, stops adding items, or <see cref="MaxLoadMore"/> clicks. Default none.</summary>
    public string? LoadMore { get; init; }

    /// <summary>Browser only: scroll to the bottom until no new items appear or <see cref="MaxLoadMore"/> scrolls (infinite scroll). Default false.</summary>
    public bool InfiniteScroll { get; init; }

    /// <summary>The hard cap on load-more clicks and infinite-scroll steps per page. Default 20.</summary>
    public int MaxLoadMore { get; init; } = DefaultMaxLoadMore;

    /// <summary>
    /// Follow each person's profile link (<see cref="SelectorSet.Link"/>) and take the photo found there by
    /// <see cref="SelectorSet.ProfilePhoto"/> instead of the list's (often a thumbnail); the list's photo stays the fallback. Default false.
    /// </summary>
    public bool FollowProfile { get; init; }
}
