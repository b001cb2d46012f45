using DatasetForge.Core.Workspace;

namespace DatasetForge.Scraping.Storage;

/// <summary>The scraper's view of the content-addressed store (<see cref="ContentStore"/>), plus where list pages are kept.</summary>
internal static class BlobStore
{
    /// <summary>Stores <paramref name="bytes"/> under their sha256 unless already there; returns the blob's path.</summary>
    public static Task<string> PutAsync(DatasetWorkspace workspace, string sha256, byte[] bytes, CancellationToken cancellationToken) =>
        ContentStore.PutAsync(workspace, sha256, bytes, cancellationToken);

    /// <summary>The copy of a list page's HTML kept for conditional GET: a 304 is answered from it. Outside the photo store.</summary>
    public static string PagePath(DatasetWorkspace workspace, string sha256) =>
        Path.Combine(workspace.Root, "pages", sha256[..2], sha256 + ".html");

    /// <summary>Stores <paramref name="bytes"/> at <paramref name="path"/> (named by their sha256) unless already there.</summary>
    public static Task<string> PutFileAsync(string path, string sha256, byte[] bytes, CancellationToken cancellationToken) =>
        ContentStore.PutFileAsync(path, sha256, bytes, cancellationToken);
}
