using DatasetForge.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Testing;

/// <summary>
/// What a scrape leaves in a catalogue, as sorted lines without ids or times: persons (with role, label, photo and the
/// vanished flag), photos, scrape decisions, pages and the frontier. Two crawls of the same site give equal snapshots.
/// </summary>
public static class CatalogueSnapshot
{
    /// <summary>Reads <paramref name="workspace"/>'s catalogue; URLs are written relative to <paramref name="origin"/>.</summary>
    public static async Task<IReadOnlyList<string>> OfScrapeAsync(DatasetWorkspace workspace, Uri origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace);
        var lines = new List<string>();
        var items = await catalogue.Items.AsNoTracking().Include(i => i.Source).Include(i => i.Photo).ToListAsync();
        lines.AddRange(items.Select(i =>
            $"item {i.Source!.Name}/{i.Key}: {i.Name} | {i.Person?.Role} | {i.Person?.ProfileUrl} | {i.Label} | {i.PhotoUrl} | {i.Photo?.Sha256} | vanished={i.Vanished} | {i.FacetsJson}"));
        var photos = await catalogue.Photos.AsNoTracking().ToListAsync();
        lines.AddRange(photos.Select(p => $"photo {p.Sha256}: {p.Url} {p.ContentType} {p.Length} {p.ETag} {p.LastModified}"));
        var keys = items.ToDictionary(i => i.Id, i => i.Source!.Name + "/" + i.Key);
        var decisions = await catalogue.Decisions.AsNoTracking().ToListAsync();
        lines.AddRange(decisions.Select(d =>
            $"decision {d.Stage} {d.SubjectKind} {(d.SubjectKind == "person" && keys.TryGetValue(d.SubjectId, out var key) ? key : d.SubjectId.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {d.Rule} {d.Outcome} {d.Reason} {d.Score}"));
        var pages = await catalogue.Pages.AsNoTracking().ToListAsync();
        lines.AddRange(pages.Select(p => $"page {p.Url}: {p.LastStatus} {p.ETag} {p.LastModified} {p.Sha256}"));
        lines.AddRange((await catalogue.FrontierRequests.AsNoTracking().ToListAsync()).Select(r => $"frontier {r.Kind} {r.Url} {r.State}"));
        var root = origin.GetLeftPart(UriPartial.Authority);
        return [.. lines.Select(l => l.Replace(root, string.Empty, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }
}
