using DatasetForge.Catalogue.Entities;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Catalogue;

/// <summary>Finds the newest version of a dataset in its catalogue.</summary>
public static class VersionHistory
{
    /// <summary>
    /// The newest version, or null when none was exported: the head of the parent chain (a version no other version
    /// names as its parent), the latest created when there are several heads. Creation times alone can tie (a fake or
    /// coarse clock), the chain cannot.
    /// </summary>
    public static async Task<VersionRecord?> NewestAsync(
        CatalogueDbContext catalogue, bool includeItems = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var versions = await catalogue.Versions.AsNoTracking().ToListAsync(cancellationToken);
        if (versions.Count == 0)
        {
            return null;
        }

        var parents = versions.Where(v => v.ParentId is not null).Select(v => v.ParentId!).ToHashSet(StringComparer.Ordinal);
        var newest = versions
            .Where(v => !parents.Contains(v.Id))
            .DefaultIfEmpty(versions.OrderByDescending(v => v.CreatedAt).First())
            .OrderByDescending(v => v.CreatedAt)
            .ThenBy(v => v.Id, StringComparer.Ordinal)
            .First();
        if (includeItems)
        {
            newest.Items = await catalogue.VersionItems.AsNoTracking()
                .Where(i => i.VersionId == newest.Id)
                .ToListAsync(cancellationToken);
        }

        return newest;
    }
}
