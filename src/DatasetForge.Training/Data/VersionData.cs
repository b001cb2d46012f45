using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;

namespace DatasetForge.Training.Data;

/// <summary>A dataset version read from its folder and verified against the catalogue.</summary>
public sealed class VersionData
{
    public VersionData(string folder, VersionManifest manifest, IReadOnlyList<VersionItem> items)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(items);
        Folder = folder;
        Manifest = manifest;
        Items = items;
    }

    /// <summary>The version's id.</summary>
    public string Id => Manifest.Id;

    /// <summary>Absolute path of the version folder.</summary>
    public string Folder { get; }

    public VersionManifest Manifest { get; }

    /// <summary>Class names; class index i is Classes[i].</summary>
    public IReadOnlyList<string> Classes => Manifest.Classes;

    public IReadOnlyList<VersionItem> Items { get; }

    /// <summary>Whether the label is a number (regression) rather than a category.</summary>
    public bool IsRegression => IsNumber(Manifest.LabelKind);

    /// <summary>
    /// Why a classifier cannot be trained on this version (it holds fewer than two classes), in words for the user;
    /// null when it can (or the label is a number).
    /// </summary>
    public string? UntrainableReason => IsRegression || Classes.Count >= 2
        ? null
        : Classes.Count == 0
            ? $"version {Id} holds no class"
            : $"version {Id} holds one class ('{Classes[0]}'), and a classifier needs at least two: add a source with another label, or set labelKind: number for a numeric label";

    /// <summary>Whether a manifest's <c>labelKind</c> names a numeric label.</summary>
    public static bool IsNumber(string? labelKind) => string.Equals(labelKind, "number", StringComparison.OrdinalIgnoreCase);

    /// <summary>The items of one split, in manifest order.</summary>
    public IReadOnlyList<VersionItem> ItemsOf(Split split)
    {
        var name = VersionManifest.SplitName(split);
        return [.. Items.Where(i => i.Split == name)];
    }
}
