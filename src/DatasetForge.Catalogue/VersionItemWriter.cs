using DatasetForge.Catalogue.Entities;

namespace DatasetForge.Catalogue;

/// <summary>Stores the items of a version in bulk, whatever the catalogue's provider.</summary>
public static class VersionItemWriter
{
    private static readonly string[] Columns = ["VersionId", "ItemId", "PersonId", "Split", "Label", "GroupId", "CropSha256", "File"];

    /// <summary>
    /// Inserts <paramref name="items"/> outside change tracking (which would hold every row twice and take minutes at a
    /// million items), inside the catalogue's current transaction when there is one. Returns how many were written.
    /// </summary>
    public static Task<long> InsertVersionItemsAsync(this CatalogueDbContext catalogue, IEnumerable<VersionItemRecord> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(items);
        return catalogue.BulkWriter.InsertAsync(
            "VersionItems",
            Columns,
            items.Select(i => new object?[] { i.VersionId, i.ItemId, i.PersonId, i.Split, i.Label, i.GroupId, i.CropSha256, i.File }),
            cancellationToken);
    }
}
