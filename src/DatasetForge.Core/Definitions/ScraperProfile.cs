namespace DatasetForge.Core.Definitions;

/// <summary>How to read one kind of staff page: CSS selectors, and whether a browser must render it first.</summary>
public sealed record ScraperProfile
{
    /// <summary>The profile's name (its file name under <c>scrapers/</c>), or the manifest's name when it stands alone.</summary>
    public required string Name { get; init; }

    /// <summary>Render the page in Chromium (Playwright) before extraction, for lists built by script. Default false.</summary>
    public bool Browser { get; init; }

    /// <summary>With <see cref="Browser"/>: a CSS selector to wait for before the DOM is read. Default: the item selector.</summary>
    public string? WaitFor { get; init; }

    /// <summary>The selectors.</summary>
    public required SelectorSet Selectors { get; init; }

    /// <summary>Most pages followed through the next-page selector. Default 20.</summary>
    public int MaxPages { get; init; } = 20;
}

/// <summary>
/// CSS selectors, relative to a person item except <see cref="Item"/> and <see cref="NextPage"/>.
/// A null selector leaves the field empty (or, in an override, keeps the profile's).
/// </summary>
public sealed record SelectorSet
{
    /// <summary>One element per person.</summary>
    public string? Item { get; init; }

    /// <summary>The person's name.</summary>
    public string? Name { get; init; }

    /// <summary>The person's role or title.</summary>
    public string? Role { get; init; }

    /// <summary>The photo: an <c>img</c> (src, data-src, srcset) or an element with a CSS background-image.</summary>
    public string? Photo { get; init; }

    /// <summary>The link to the person's profile page.</summary>
    public string? Link { get; init; }

    /// <summary>The label, when one page holds several groups.</summary>
    public string? Label { get; init; }

    /// <summary>The next-page link, on the page itself.</summary>
    public string? NextPage { get; init; }

    /// <summary>This set with every non-null selector of <paramref name="overrides"/> put in place.</summary>
    public SelectorSet With(SelectorSet? overrides) => overrides is null ? this : new SelectorSet
    {
        Item = overrides.Item ?? Item,
        Name = overrides.Name ?? Name,
        Role = overrides.Role ?? Role,
        Photo = overrides.Photo ?? Photo,
        Link = overrides.Link ?? Link,
        Label = overrides.Label ?? Label,
        NextPage = overrides.NextPage ?? NextPage,
    };
}
