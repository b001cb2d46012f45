namespace DatasetForge.Curation.Filters;

/// <summary>
/// Recognises placeholder images by the file name in their URL (avatar.png, default-user.jpg, silhouette.gif).
/// Only the last path segment counts: CMS paths such as Drupal's <c>sites/default/files/</c> say nothing.
/// </summary>
public static class PlaceholderNames
{
    /// <summary>Words that mark a file name as a placeholder.</summary>
    public static readonly IReadOnlyList<string> Words =
        ["placeholder", "avatar", "default", "silhouette", "dummy", "no-photo", "nophoto", "no_photo", "no-image", "noimage", "blank-profile", "anonymous"];

    /// <summary>The first placeholder word in the URL's file name, or null.</summary>
    public static string? Match(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url.Split('?', '#')[0];
        var fileName = Uri.UnescapeDataString(path.TrimEnd('/').Split('/')[^1]).ToLowerInvariant();
        return Words.FirstOrDefault(w => fileName.Contains(w, StringComparison.Ordinal));
    }
}
