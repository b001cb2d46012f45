namespace DatasetForge.Core.Definitions;

/// <summary>
/// CSS selectors, relative to a person item except <see cref="Item"/>, <see cref="NextPage"/>, the heading selectors and
/// <see cref="ProfilePhoto"/>. A null selector leaves the field empty (or, in an override, keeps the profile's).
/// </summary>
public sealed record SelectorSet
{
    /// <summary>One element per person.</summary>
    public string? Item { get; init; }

    /// <summary>The person's name. Default: the item's own text.</summary>
    public string? Name { get; init; }

    /// <summary>The person's role or title.</summary>
    public string? Role { get; init; }

    /// <summary>The photo: an <c>img</c> (src, data-src, srcset), a <c>picture</c>, or an element with a CSS background-image.</summary>
    public string? Photo { get; init; }

    /// <summary>The link to the person's profile page.</summary>
    public string? Link { get; init; }

    /// <summary>The label, inside the item, when one page holds several groups.</summary>
    public string? Label { get; init; }

    /// <summary>Headings (e.g. <c>h2</c>): each item's label is the text of the nearest such heading before it in the page.</summary>
    public string? LabelHeading { get; init; }

    /// <summary>Headings (e.g. <c>h2</c>): an item without a role of its own takes the text of the nearest such heading before it.</summary>
    public string? RoleHeading { get; init; }

    /// <summary>The next-page link(s), on the page itself; every match is followed (a "next" link or a row of page numbers).</summary>
    public string? NextPage { get; init; }

    /// <summary>With <see cref="ScraperProfile.FollowProfile"/>: the photo on a person's profile page.</summary>
    public string? ProfilePhoto { get; init; }

    /// <summary>This set with every non-null selector of <paramref name="overrides"/> put in place.</summary>
    public SelectorSet With(SelectorSet? overrides) => overrides is null ? this : new SelectorSet
    {
        Item = overrides.Item ?? Item,
        Name = overrides.Name ?? Name,
        Role = overrides.Role ?? Role,
        Photo = overrides.Photo ?? Photo,
        Link = overrides.Link ?? Link,
        Label = overrides.Label ?? Label,
        LabelHeading = overrides.LabelHeading ?? LabelHeading,
        RoleHeading = overrides.RoleHeading ?? RoleHeading,
        NextPage = overrides.NextPage ?? NextPage,
        ProfilePhoto = overrides.ProfilePhoto ?? ProfilePhoto,
    };
}
