namespace DatasetForge.Catalogue.Entities;

/// <summary>An exported, immutable dataset version.</summary>
public sealed class VersionRecord
{
    /// <summary>Derived from the content: the hash of its items, splits, labels and crop hashes.</summary>
    public required string Id { get; set; }

    public string? ParentId { get; set; }

    public DateTime CreatedAt { get; set; }

    public int Seed { get; set; }

    /// <summary>Train/validation/test ratios as "0.7/0.2/0.1".</summary>
    public required string Ratios { get; set; }

    public int ItemCount { get; set; }

    /// <summary>The version's folder relative to the dataset folder.</summary>
    public required string Path { get; set; }

    /// <summary>sha256 of the version's manifest.json, checked before training.</summary>
    public required string ManifestSha256 { get; set; }

    public List<VersionItemRecord> Items { get; set; } = [];
}
