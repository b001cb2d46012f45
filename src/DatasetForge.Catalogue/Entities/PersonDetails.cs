namespace DatasetForge.Catalogue.Entities;

/// <summary>The person-only details of an item from a staff page, kept in a table of their own.</summary>
public sealed class PersonDetails
{
    /// <summary>The role or job title the page gave.</summary>
    public string? Role { get; set; }

    /// <summary>The absolute link to the person's own page.</summary>
    public string? ProfileUrl { get; set; }
}
