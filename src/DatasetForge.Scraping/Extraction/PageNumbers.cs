using System.Globalization;
using System.Web;

namespace DatasetForge.Scraping.Extraction;

/// <summary>Paging by query parameter (<c>?page=N</c>): the URL of the page after a given one.</summary>
public static class PageNumbers
{
    /// <summary>
    /// <paramref name="url"/> with <paramref name="parameter"/> one higher than its current value, or set to
    /// <paramref name="firstPage"/> + 1 when the URL has none (the start page is page <paramref name="firstPage"/>).
    /// </summary>
    public static Uri Next(Uri url, string parameter, int firstPage)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(parameter);
        var query = HttpUtility.ParseQueryString(url.Query);
        var current = int.TryParse(query[parameter], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : firstPage;
        query[parameter] = (current + 1).ToString(CultureInfo.InvariantCulture);
        return new UriBuilder(url) { Query = query.ToString() ?? string.Empty, Fragment = string.Empty }.Uri;
    }
}
