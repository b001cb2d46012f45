using DatasetForge.Core.Definitions;
using DatasetForge.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Training.Prediction;

/// <summary>One catalogue item to predict: its id in the source, its stored photo and whether the source is precropped.</summary>
/// <param name="Id">The item's key in its source (the CSV id, the path under the folder) without image extensions.</param>
/// <param name="PhotoPath">The stored photo (the blob by sha256), as imported or scraped.</param>
/// <param name="Precropped">Whether the source is declared precropped (its images are face crops already).</param>
public sealed record SourcePhoto(string Id, string PhotoPath, bool Precropped);

/// <summary>
/// The items of one source of a dataset, read from the catalogue: what <c>forge predict --source</c> classifies (the
/// gender project's unlabelled test images). Vanished items and items without a stored photo are left out.
/// </summary>
public static class SourcePhotos
{
    /// <summary>The extensions <c>forge predict</c> reads as images.</summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif", ".tif", ".tiff"];

    /// <summary>
    /// The source's items in key order. Throws <see cref="ArgumentException"/> naming the source when the dataset
    /// declares no such source, and <see cref="InvalidOperationException"/> when the catalogue holds no item with a photo of it.
    /// </summary>
    public static async Task<IReadOnlyList<SourcePhoto>> ListAsync(
        DatasetWorkspace workspace, DatasetDefinition dataset, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(source);
        var manifest = dataset.Sources.FirstOrDefault(s => string.Equals(s.Name, source, StringComparison.Ordinal))
            ?? throw new ArgumentException(
                $"Dataset {dataset.Name} has no source named '{source}'; its sources are {string.Join(", ", dataset.Sources.Select(s => s.Name).Order(StringComparer.Ordinal))}.");
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, cancellationToken);
        var rows = await catalogue.Items.AsNoTracking()
            .Where(i => i.Source!.Name == source && !i.Vanished && i.Photo != null)
            .Select(i => new { i.Key, i.Photo!.Sha256 })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            throw new InvalidOperationException(
                $"Source '{source}' of dataset {dataset.Name} has no items with a photo in the catalogue; run 'forge import -d {dataset.Name}' (or 'forge scrape') first.");
        }

        return
        [
            .. rows.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new SourcePhoto(WithoutImageExtensions(r.Key), workspace.BlobPath(r.Sha256), manifest.Precropped)),
        ];
    }

    /// <summary>
    /// A file name or key without its image extensions and any <c>.chip</c> before them, so UTKFace's
    /// <c>20_1_0_2017.jpg.chip.jpg</c> is <c>20_1_0_2017</c>; a key without one is returned as it is.
    /// </summary>
    public static string WithoutImageExtensions(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = name;
        while (Path.GetExtension(id) is { Length: > 0 } extension &&
            (ImageExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase) || extension.Equals(".chip", StringComparison.OrdinalIgnoreCase)) &&
            id.Length > extension.Length)
        {
            id = id[..^extension.Length];
        }

        return id;
    }
}
