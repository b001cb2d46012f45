namespace DatasetForge.DemoSite.Truth;

/// <summary>One person listed on the demo site, with what a correct scrape must find.</summary>
public sealed record DemoPerson
{
    /// <summary>Unique id on the site (a slug), also the last segment of the profile path.</summary>
    public required string Id { get; init; }

    /// <summary>The name as the page shows it (titles included).</summary>
    public required string Name { get; init; }

    /// <summary>The role as the page shows it.</summary>
    public required string Role { get; init; }

    /// <summary>The department whose page lists the person.</summary>
    public required DemoDepartment Department { get; init; }

    /// <summary>Whether the role is an academic one (a curation role rule should keep it).</summary>
    public required bool IsAcademic { get; init; }

    /// <summary>What the photo really is.</summary>
    public required DemoPhotoKind PhotoKind { get; init; }

    /// <summary>The fixture photo id (<c>f01</c> …), shared by the two listings of a joint appointment; null without one.</summary>
    public string? PhotoId { get; init; }

    /// <summary>Which page of the department's listing shows the person (1 or 2).</summary>
    public int Page { get; init; } = 1;

    /// <summary>
    /// The photo URL a correct extraction resolves to: a site path starting with <c>/</c>, an absolute off-site URL,
    /// or null when the page gives none.
    /// </summary>
    public string? PhotoUrl { get; init; }

    /// <summary>The profile page's site path, or null when the listing links none.</summary>
    public string? ProfilePath { get; init; }

    /// <summary>The label a correct scrape records: the department's field.</summary>
    public string ExpectedLabel => Department.Field;
}
