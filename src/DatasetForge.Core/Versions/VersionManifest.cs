using System.Text.Json;
using System.Text.Json.Serialization;

namespace DatasetForge.Core.Versions;

/// <summary>
/// <c>manifest.json</c> of an exported version: the contract between export (writer) and the trainer (reader).
/// Its sha256 is recorded in the catalogue; every file it lists carries its own sha256.
/// </summary>
public sealed record VersionManifest
{
    /// <summary>The file name inside a version folder.</summary>
    public const string FileName = "manifest.json";

    public required string Id { get; init; }

    public string? ParentId { get; init; }

    public required string Dataset { get; init; }

    /// <summary>The facet that is the label.</summary>
    public required string Label { get; init; }

    /// <summary>category or number.</summary>
    public required string LabelKind { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required int Seed { get; init; }

    /// <summary>Ratios by split name (train, validation, test).</summary>
    public required IReadOnlyDictionary<string, double> Ratios { get; init; }

    /// <summary>The label values, sorted ordinally; class index i is Classes[i].</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Item counts by split, then by label.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts { get; init; }

    public required IReadOnlyList<VersionManifestItem> Items { get; init; }

    /// <summary>The serializer settings every writer and reader of the manifest uses.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Split names as used in folders, CSV files and <see cref="VersionManifestItem.Split"/>.</summary>
    public static string SplitName(Pipeline.Split split) => split.ToString().ToLowerInvariant();
}

/// <summary>
/// One item of a version. <paramref name="File"/> is relative to the version folder. <paramref name="Facets"/> holds
/// what is known about the item besides its label (source, university, role category, gender, age band, …), for
/// per-facet reports and evaluation; never a name or a profile URL.
/// </summary>
public sealed record VersionManifestItem(
    string Id,
    string Split,
    string Label,
    int Group,
    string File,
    string Sha256,
    IReadOnlyDictionary<string, string>? Facets = null);
