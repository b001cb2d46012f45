using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Workspace;
using DatasetForge.Scraping.Fetching;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Scraping.Storage;

/// <summary>
/// The pages a source fetched before (<see cref="PageRecord"/>) and a copy of each body whose server gave a validator, so a
/// refresh asks with If-None-Match / If-Modified-Since and reads a 304 from the copy (a page that said noai in its
/// X-Robots-Tag keeps no validators, so it is always read in full). Reads may run in parallel; writes not.
/// </summary>
internal sealed class PageMemory
{
    private readonly CatalogueDbContext _catalogue;
    private readonly DatasetWorkspace _workspace;
    private readonly int _sourceId;
    private readonly Dictionary<string, PageRecord> _pages;

    private PageMemory(CatalogueDbContext catalogue, DatasetWorkspace workspace, int sourceId, Dictionary<string, PageRecord> pages)
    {
        _catalogue = catalogue;
        _workspace = workspace;
        _sourceId = sourceId;
        _pages = pages;
    }

    public static async Task<PageMemory> LoadAsync(CatalogueDbContext catalogue, DatasetWorkspace workspace, int sourceId, CancellationToken cancellationToken)
    {
        var pages = await catalogue.Pages.Where(p => p.SourceId == sourceId).ToDictionaryAsync(p => p.Url, StringComparer.Ordinal, cancellationToken);
        return new PageMemory(catalogue, workspace, sourceId, pages);
    }

    /// <summary>The validators to send for <paramref name="url"/>, or null when there is no usable copy to fall back on.</summary>
    public Validators? ValidatorsFor(Uri url) =>
        _pages.TryGetValue(url.AbsoluteUri, out var page) && page.Sha256 is { } sha && File.Exists(BlobStore.PagePath(_workspace, sha))
            ? new Validators(page.ETag, page.LastModified) is { Any: true } validators ? validators : null
            : null;

    /// <summary>The stored body of <paramref name="url"/>, for a 304.</summary>
    public async Task<byte[]?> ReadStoredAsync(Uri url, CancellationToken cancellationToken) =>
        _pages.TryGetValue(url.AbsoluteUri, out var page) && page.Sha256 is { } sha && File.Exists(BlobStore.PagePath(_workspace, sha))
            ? await File.ReadAllBytesAsync(BlobStore.PagePath(_workspace, sha), cancellationToken)
            : null;

    /// <summary>Records a fetch of <paramref name="url"/> (200 or 304) and keeps the body when it can be asked for conditionally.</summary>
    public async Task RememberAsync(Uri url, FetchResult result, DateTime now, CancellationToken cancellationToken)
    {
        if (!_pages.TryGetValue(url.AbsoluteUri, out var page))
        {
            page = new PageRecord { SourceId = _sourceId, Url = url.AbsoluteUri, FirstSeenAt = now };
            _catalogue.Pages.Add(page);
            _pages[url.AbsoluteUri] = page;
        }

        page.LastStatus = (int?)result.Status;
        page.LastFetchedAt = now;
        // A page whose answer said noai (X-Robots-Tag) is never asked conditionally again: the directive is not kept with
        // the copy, and a 304 without the header must not make it look withdrawn. The next refresh reads a full answer.
        var conditional = result.NoAi is null;
        page.ETag = conditional ? result.ETag ?? (result.NotModified ? page.ETag : null) : null;
        page.LastModified = conditional ? result.LastModified ?? (result.NotModified ? page.LastModified : null) : null;
        if (result.Succeeded)
        {
            var sha = ContentHash.Of(result.Body!);
            page.Sha256 = sha;
            if (page.ETag is not null || page.LastModified is not null)
            {
                await BlobStore.PutFileAsync(BlobStore.PagePath(_workspace, sha), sha, result.Body!, cancellationToken);
            }
        }
    }
}
