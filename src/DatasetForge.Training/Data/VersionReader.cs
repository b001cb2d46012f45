using System.Globalization;
using System.Text.Json;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;

namespace DatasetForge.Training.Data;

/// <summary>
/// Reads an exported version in place and verifies it: the manifest's sha256 against the catalogue, then every listed
/// file's existence and sha256. Anything missing or altered is a <see cref="VersionIntegrityException"/> naming the file.
/// </summary>
public static class VersionReader
{
    private static readonly HashSet<string> SplitNames =
        [.. Enum.GetValues<Split>().Select(VersionManifest.SplitName)];

    /// <summary>Reads and verifies <paramref name="version"/> of <paramref name="workspace"/>.</summary>
    public static async Task<VersionData> ReadAsync(
        DatasetWorkspace workspace, VersionRecord version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(version);
        var folder = Path.GetFullPath(Path.Combine(workspace.Root, version.Path));
        if (!Directory.Exists(folder))
        {
            throw new VersionIntegrityException($"Version {version.Id}: its folder {folder} is missing.", folder);
        }

        var manifestPath = Path.Combine(folder, VersionManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new VersionIntegrityException($"Version {version.Id}: {manifestPath} is missing.", manifestPath);
        }

        var manifestBytes = await File.ReadAllBytesAsync(manifestPath, cancellationToken);
        var manifestHash = ContentHash.Of(manifestBytes);
        if (!string.Equals(manifestHash, version.ManifestSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new VersionIntegrityException(
                $"Version {version.Id}: {manifestPath} was altered (sha256 {manifestHash}, the catalogue recorded {version.ManifestSha256}).",
                manifestPath);
        }

        VersionManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<VersionManifest>(manifestBytes, VersionManifest.SerializerOptions)
                ?? throw new VersionIntegrityException($"Version {version.Id}: {manifestPath} is empty.", manifestPath);
        }
        catch (JsonException e)
        {
            throw new VersionIntegrityException($"Version {version.Id}: {manifestPath} is not a valid manifest: {e.Message}", e);
        }

        if (manifest.Id != version.Id)
        {
            throw new VersionIntegrityException(
                $"Version {version.Id}: {manifestPath} describes version {manifest.Id}.", manifestPath);
        }

        // A version of one class is intact, just not trainable as a classifier: the train stage says so (VersionData.OneClassReason).
        var classIndex = manifest.Classes.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);

        var regression = VersionData.IsNumber(manifest.LabelKind);
        var items = new List<VersionItem>(manifest.Items.Count);
        foreach (var item in manifest.Items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = ResolveItemPath(folder, item, version.Id);
            if (!File.Exists(path))
            {
                throw new VersionIntegrityException($"Version {version.Id}: item {item.Id}'s file {path} is missing.", path);
            }

            var hash = await ContentHash.OfFileAsync(path, cancellationToken);
            if (!string.Equals(hash, item.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new VersionIntegrityException(
                    $"Version {version.Id}: item {item.Id}'s file {path} was altered (sha256 {hash}, the manifest lists {item.Sha256}).",
                    path);
            }

            if (!classIndex.TryGetValue(item.Label, out var index))
            {
                throw new VersionIntegrityException(
                    $"Version {version.Id}: item {item.Id} has label '{item.Label}', which is not among the manifest's classes.", manifestPath);
            }

            if (!SplitNames.Contains(item.Split))
            {
                throw new VersionIntegrityException(
                    $"Version {version.Id}: item {item.Id} has split '{item.Split}'; expected one of {string.Join(", ", SplitNames)}.",
                    manifestPath);
            }

            var value = double.NaN;
            if (regression && !double.TryParse(item.Label, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                throw new VersionIntegrityException(
                    $"Version {version.Id}: item {item.Id} has label '{item.Label}', which is not a number, but the label kind is number.",
                    manifestPath);
            }

            items.Add(new VersionItem(item.Id, item.Label, index, item.Split, path, hash, value, item.Facets));
        }

        return new VersionData(folder, manifest, items);
    }

    private static string ResolveItemPath(string folder, VersionManifestItem item, string versionId)
    {
        var path = Path.GetFullPath(Path.Combine(folder, item.File));
        var root = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        if (Path.IsPathRooted(item.File) || !path.StartsWith(root, StringComparison.Ordinal))
        {
            throw new VersionIntegrityException(
                $"Version {versionId}: item {item.Id}'s file '{item.File}' points outside the version folder.", path);
        }

        return path;
    }
}
