namespace DatasetForge.Catalogue.Entities;

/// <summary>A source of the dataset (one manifest), by name.</summary>
public sealed class SourceRecord
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The manifest's kind (web, …).</summary>
    public required string Kind { get; set; }

    /// <summary>The manifest file the source was last read from.</summary>
    public string? ManifestPath { get; set; }

    public DateTime? LastScrapedAt { get; set; }

    public List<ItemRecord> Items { get; set; } = [];
}
