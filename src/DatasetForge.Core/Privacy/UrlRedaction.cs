using System.Text.RegularExpressions;
using DatasetForge.Core.Workspace;

namespace DatasetForge.Core.Privacy;

/// <summary>
/// Takes URL paths out of text that leaves the catalogue (reports, datasheets): a photo or profile URL often holds a
/// person's name (<c>…/photos/ellison.jpg</c>). Each http(s) or file URL becomes its scheme and host plus a short hash
/// (<c>https://uni.example/…#3fa2c1d90b7e</c>): the first 12 hex digits of the SHA-256 of the whole URL, enough to find the
/// item in the catalogue and to tell two URLs apart, not to read the name back.
/// </summary>
public static partial class UrlRedaction
{
    /// <summary>The hex digits of the URL's SHA-256 kept in a redacted URL.</summary>
    public const int HashLength = 12;

    /// <summary><paramref name="text"/> with every URL redacted to host and hash; null stays null.</summary>
    public static string? Redact(string? text) =>
        string.IsNullOrEmpty(text) ? text : Url().Replace(text, m => RedactOne(m.Value));

    /// <summary>What <paramref name="url"/> is shown as: scheme, host and port, then <c>/…#</c> and the hash of the whole URL.</summary>
    public static string RedactUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var hash = ContentHash.OfText(url)[..HashLength];
        return Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            ? $"{parsed.Scheme}://{parsed.Authority}/…#{hash}"
            : $"…#{hash}";
    }

    private static string RedactOne(string match)
    {
        // A URL at the end of a sentence: the full stop, comma or closing bracket is not part of it.
        var url = match.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '\'');
        return RedactUrl(url) + match[url.Length..];
    }

    [GeneratedRegex(@"\b(?:https?|file)://[^\s""'<>]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
