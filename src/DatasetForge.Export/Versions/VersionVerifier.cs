using System.Text.Json;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;

namespace DatasetForge.Export.Versions;

/// <summary>
/// Checks a version folder the way the trainer does before it trusts one (the manifest against the catalogue's sha256,
/// every listed file against the manifest), and also that no group straddles two splits; unlike the trainer it lists
/// every problem instead of stopping at the first, for <c>forge versions show</c>.
/// </summary>
public static class VersionVerifier
{
    /// <summary>The most problems listed; a wholly missing folder would otherwise list every item.</summary>
    public const int MaxProblems = 50;

    private static readonly HashSet<string> SplitNames = [.. Enum.GetValues<Split>().Select(VersionManifest.SplitName)];

    /// <summary>Verifies <paramref name="version"/> of <paramref name="workspace"/>.</summary>
    public static async Task<VersionVerification> VerifyAsync(
        DatasetWorkspace workspace, VersionRecord version, int parallelism = 2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(version);
        var folder = Path.GetFullPath(Path.Combine(workspace.Root, version.Path));
        var problems = new List<string>();
        var manifestPath = Path.Combine(folder, VersionManifest.FileName);
        if (!Directory.Exists(folder))
        {
            return new VersionVerification(version.Id, folder, 0, [$"the folder {folder} is missing"]);
        }

        if (!File.Exists(manifestPath))
        {
            return new VersionVerification(version.Id, folder, 0, [$"{manifestPath} is missing"]);
        }

        var bytes = await File.ReadAllBytesAsync(manifestPath, cancellationToken);
        var hash = ContentHash.Of(bytes);
        if (!string.Equals(hash, version.ManifestSha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{manifestPath} was altered (sha256 {hash}, the catalogue recorded {version.ManifestSha256})");
        }

        VersionManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<VersionManifest>(bytes, VersionManifest.SerializerOptions);
        }
        catch (JsonException e)
        {
            problems.Add($"{manifestPath} is not a valid manifest: {e.Message}");
            return new VersionVerification(version.Id, folder, 1, problems);
        }

        if (manifest is null)
        {
            return new VersionVerification(version.Id, folder, 1, [.. problems, $"{manifestPath} is empty"]);
        }

        if (manifest.Id != version.Id)
        {
            problems.Add($"{manifestPath} describes version {manifest.Id}");
        }

        if (manifest.Items.Count != version.ItemCount)
        {
            problems.Add($"{manifestPath} lists {manifest.Items.Count} items; the catalogue recorded {version.ItemCount}");
        }

        var root = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        var fileProblems = new string?[manifest.Items.Count];
        await Parallel.ForAsync(0, manifest.Items.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var item = manifest.Items[i];
            var path = Path.GetFullPath(Path.Combine(folder, item.File));
            if (Path.IsPathRooted(item.File) || !path.StartsWith(root, StringComparison.Ordinal))
            {
                fileProblems[i] = $"item {item.Id}: its file '{item.File}' points outside the version folder";
            }
            else if (!File.Exists(path))
            {
                fileProblems[i] = $"item {item.Id}: {path} is missing";
            }
            else if (await ContentHash.OfFileAsync(path, ct) is var actual && !string.Equals(actual, item.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                fileProblems[i] = $"item {item.Id}: {path} was altered (sha256 {actual}, the manifest lists {item.Sha256})";
            }
        });
        problems.AddRange(fileProblems.OfType<string>());
        problems.AddRange(manifest.Items.Where(i => !SplitNames.Contains(i.Split)).Select(i => $"item {i.Id}: unknown split '{i.Split}'"));
        problems.AddRange(manifest.Items
            .GroupBy(i => i.Group)
            .Where(g => g.Select(i => i.Split).Distinct(StringComparer.Ordinal).Skip(1).Any())
            .Select(g => $"group {g.Key} straddles splits {string.Join(", ", g.Select(i => i.Split).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))} (items {string.Join(", ", g.Select(i => i.Id).Take(5))})"));
        var shown = problems.Take(MaxProblems).ToList();
        if (problems.Count > MaxProblems)
        {
            shown.Add($"… and {problems.Count - MaxProblems} more");
        }

        return new VersionVerification(version.Id, folder, manifest.Items.Count + 1, shown);
    }
}
