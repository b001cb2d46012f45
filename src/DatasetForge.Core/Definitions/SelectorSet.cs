namespace DatasetForge.Core.Definitions;

/// <summary>
/// CSS selectors, relative to a person item except <see cref="Item"/>, <see cref="NextPage"/>, the heading selectors and
/// the profile-page selectors. A null selector leaves the field empty (or, in an override, keeps the profile's, unless the
/// override names it in <see cref="Cleared"/>: <c>link: null</c> in a manifest turns the profile's selector off).
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

    /// <summary>With <see cref="ScraperProfile.FollowProfile"/>: the role on a person's profile page; it replaces the list's when found.</summary>
    public string? ProfileRole { get; init; }

    /// <summary>With <see cref="ScraperProfile.FollowProfile"/>: the label on a person's profile page; it replaces the list's when found.</summary>
    public string? ProfileLabel { get; init; }

    /// <summary>In an override: the fields (by manifest name, such as <c>link</c>) set to null, which turn the profile's selector off.</summary>
    public IReadOnlyCollection<string> Cleared { get; init; } = Array.Empty<string>();

    /// <summary>This set with every non-null selector of <paramref name="overrides"/> put in place, and those it clears removed.</summary>
    public SelectorSet With(SelectorSet? overrides) => overrides is null ? this : new SelectorSet
    {
        Item = Pick(overrides, "item", overrides.Item, Item),
        Name = Pick(overrides, "name", overrides.Name, Name),
        Role = Pick(overrides, "role", overrides.Role, Role),
        Photo = Pick(overrides, "photo", overrides.Photo, Photo),
        Link = Pick(overrides, "link", overrides.Link, Link),
        Label = Pick(overrides, "label", overrides.Label, Label),
        LabelHeading = Pick(overrides, "labelHeading", overrides.LabelHeading, LabelHeading),
        RoleHeading = Pick(overrides, "roleHeading", overrides.RoleHeading, RoleHeading),
        NextPage = Pick(overrides, "nextPage", overrides.NextPage, NextPage),
        ProfilePhoto = Pick(overrides, "profilePhoto", overrides.ProfilePhoto, ProfilePhoto),
        ProfileRole = Pick(overrides, "profileRole", overrides.ProfileRole, ProfileRole),
        ProfileLabel = Pick(overrides, "profileLabel", overrides.ProfileLabel, ProfileLabel),
    };

    /// <summary>Whether a followed profile page has anything to read: a photo, a role or a label selector.</summary>
    public bool ReadsProfilePage => ProfilePhoto is not null || ProfileRole is not null || ProfileLabel is not null;

    private static string? Pick(SelectorSet overrides, string field, string? overriding, string? inherited) =>
        overrides.Cleared.Contains(field) ? null : overriding ?? inherited;
}
