namespace DatasetForge.Catalogue.Entities;

/// <summary>
/// One item of the dataset: a person listed by a web source, an imported image, a video frame or an IDX item
/// (see <see cref="Kind"/>). Names and profile URLs never leave the catalogue.
/// </summary>
public sealed class ItemRecord
{
    public int Id { get; set; }

    public int SourceId { get; set; }

    public SourceRecord? Source { get; set; }

    /// <summary>Stable identity within the source (profile URL, else the normalised name); a refresh matches on it.</summary>
    public required string Key { get; set; }

    /// <summary>What the item is (<see cref="ItemKinds"/>), from the kind of its source.</summary>
    public required string Kind { get; set; }

    public required string Name { get; set; }

    /// <summary>What a staff page says about a person (role, profile link); null for every other kind of item.</summary>
    public PersonDetails? Person { get; set; }

    /// <summary>The absolute photo URL the page gave, or null when it gave none.</summary>
    public string? PhotoUrl { get; set; }

    /// <summary>The value of the dataset's label facet.</summary>
    public string? Label { get; set; }

    /// <summary>Further facets as a JSON object of strings (university, …).</summary>
    public string FacetsJson { get; set; } = "{}";

    public int? PhotoId { get; set; }

    public PhotoRecord? Photo { get; set; }

    public DateTime FirstSeenAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    /// <summary>Set when the last scrape of the source no longer listed the item.</summary>
    public bool Vanished { get; set; }

    /// <summary>The duplicate group: items with the same photo or face share it. Equal to the id of the group's first member.</summary>
    public int? GroupId { get; set; }

    /// <summary>The outcome of curation (null until curated). Decisions hold the why.</summary>
    public string? Status { get; set; }

    /// <summary>The rule that rejected the item, when rejected.</summary>
    public string? StatusRule { get; set; }
}
