using AngleSharp;
using AngleSharp.Dom;
using DatasetForge.Core.Definitions;

namespace DatasetForge.Scraping.Extraction;

/// <summary>Reads persons off an HTML page with a profile's CSS selectors; the same code serves fetched and browser-rendered pages.</summary>
public static class PageExtractor
{
    /// <summary>Parses <paramref name="html"/> as the page at <paramref name="pageUrl"/> and extracts its persons.</summary>
    public static async Task<ExtractedPage> ExtractAsync(string html, Uri pageUrl, SelectorSet selectors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(pageUrl);
        ArgumentNullException.ThrowIfNull(selectors);
        using var browsing = BrowsingContext.New(Configuration.Default);
        using var document = await browsing.OpenAsync(response => response.Content(html).Address(pageUrl), cancellationToken);
        return Extract(document, pageUrl, selectors) with { MetaTags = MetaTags(document) };
    }

    private static List<(string Name, string Content)> MetaTags(IDocument document) =>
        [.. document.QuerySelectorAll("meta[name][content]").Select(m => (m.GetAttribute("name")!.Trim(), m.GetAttribute("content")!))];

    /// <summary>
    /// What a person's profile page gives by the profile selectors of <paramref name="selectors"/>: the best photo URL, the
    /// role and the label (each null when its selector is unset or matches nothing, with a problem), and the meta tags.
    /// </summary>
    public static async Task<ExtractedProfile> ExtractProfileAsync(
        string html, Uri pageUrl, SelectorSet selectors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(pageUrl);
        ArgumentNullException.ThrowIfNull(selectors);
        using var browsing = BrowsingContext.New(Configuration.Default);
        using var document = await browsing.OpenAsync(response => response.Content(html).Address(pageUrl), cancellationToken);
        var problems = new List<string>();
        Uri? photo = null;
        if (selectors.ProfilePhoto is { } photoSelector)
        {
            photo = Select(document, photoSelector, "profilePhoto", pageUrl, problems)
                .Select(e => Resolve(BaseOf(document, pageUrl), PhotoReferences.Find(e)))
                .FirstOrDefault(u => u is not null);
            if (photo is null && problems.Count == 0)
            {
                problems.Add($"profile page {pageUrl}: profilePhoto selector '{photoSelector}' matched no photo");
            }
        }

        string? TextOf(string? selector, string field)
        {
            if (selector is null)
            {
                return null;
            }

            var text = Select(document, selector, field, pageUrl, problems).Select(Text).FirstOrDefault(t => !string.IsNullOrEmpty(t));
            if (text is null && !problems.Any(p => p.Contains(field, StringComparison.Ordinal)))
            {
                problems.Add($"profile page {pageUrl}: {field} selector '{selector}' matched nothing");
            }

            return text;
        }

        var role = TextOf(selectors.ProfileRole, "profileRole");
        var label = TextOf(selectors.ProfileLabel, "profileLabel");
        return new ExtractedProfile(photo, problems.Count == 0 ? null : string.Join("; ", problems), MetaTags(document)) { Role = role, Label = label };
    }

    private static ExtractedPage Extract(IDocument document, Uri pageUrl, SelectorSet selectors)
    {
        var problems = new List<string>();
        var baseUrl = BaseOf(document, pageUrl);
        if (string.IsNullOrWhiteSpace(selectors.Item))
        {
            problems.Add($"page {pageUrl}: the profile has no item selector");
            return new ExtractedPage(pageUrl, [], [], problems);
        }

        var items = Select(document, selectors.Item, "item", pageUrl, problems);
        List<Uri> pageLinks = selectors.NextPage is null
            ? []
            : [.. Select(document, selectors.NextPage, "nextPage", pageUrl, problems)
                .Select(e => Resolve(baseUrl, Href(e) ?? e.QuerySelector("a[href]")?.GetAttribute("href")))
                .OfType<Uri>()
                .Select(u => new UriBuilder(u) { Fragment = string.Empty }.Uri)
                .DistinctBy(u => u.AbsoluteUri)];
        if (items.Count == 0)
        {
            problems.Add($"page {pageUrl}: item selector '{selectors.Item}' matched nothing");
            return new ExtractedPage(pageUrl, [], pageLinks, problems);
        }

        var labelHeadings = Headings(document, selectors.LabelHeading, "labelHeading", items, pageUrl, problems);
        var roleHeadings = Headings(document, selectors.RoleHeading, "roleHeading", items, pageUrl, problems);
        var persons = new List<ExtractedPerson>();
        var hits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var name = Text(First(item, selectors.Name, "name", hits, pageUrl, problems) ?? (selectors.Name is null ? item : null));
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            var role = Text(First(item, selectors.Role, "role", hits, pageUrl, problems));
            if (string.IsNullOrEmpty(role))
            {
                role = roleHeadings?.Before(item);
            }

            var label = Text(First(item, selectors.Label, "label", hits, pageUrl, problems));
            if (string.IsNullOrEmpty(label))
            {
                label = labelHeadings?.Before(item);
            }

            var linkElement = First(item, selectors.Link, "link", hits, pageUrl, problems);
            var profile = Resolve(baseUrl, linkElement is null ? null : Href(linkElement) ?? linkElement.QuerySelector("a[href]")?.GetAttribute("href"));
            var photoElement = First(item, selectors.Photo, "photo", hits, pageUrl, problems);
            var photo = Resolve(baseUrl, photoElement is null ? null : PhotoReferences.Find(photoElement));
            persons.Add(new ExtractedPerson(name, string.IsNullOrEmpty(role) ? null : role, profile, photo, string.IsNullOrEmpty(label) ? null : label, pageUrl));
        }

        foreach (var (field, selector) in new[]
                 {
                     ("name", selectors.Name), ("role", selectors.Role), ("photo", selectors.Photo), ("link", selectors.Link), ("label", selectors.Label),
                 })
        {
            if (selector is not null && hits.GetValueOrDefault(field) == 0)
            {
                problems.Add($"page {pageUrl}: {field} selector '{selector}' matched nothing in {items.Count} items");
            }
        }

        return new ExtractedPage(pageUrl, persons, pageLinks, problems) { ItemCount = items.Count };
    }

    /// <summary>The headings of the page outside the items, in document order, or null when there is no such selector.</summary>
    private static HeadingIndex? Headings(IDocument document, string? selector, string field, List<IElement> items, Uri pageUrl, List<string> problems)
    {
        if (selector is null)
        {
            return null;
        }

        var inItems = items.ToHashSet();
        // A heading inside an item (a name set as <h3>) belongs to that item, never to the group.
        var headings = Select(document, selector, field, pageUrl, problems)
            .Where(h => !h.Ancestors<IElement>().Any(inItems.Contains) && !inItems.Contains(h))
            .ToList();
        if (headings.Count == 0)
        {
            problems.Add($"page {pageUrl}: {field} selector '{selector}' matched no heading outside the items");
        }

        return new HeadingIndex(document, headings);
    }

    private static List<IElement> Select(IParentNode node, string selector, string field, Uri pageUrl, List<string> problems)
    {
        try
        {
            return [.. node.QuerySelectorAll(selector)];
        }
        catch (DomException ex)
        {
            problems.Add($"page {pageUrl}: {field} selector '{selector}' is not valid CSS ({ex.Message})");
            return [];
        }
    }

    private static IElement? First(IElement item, string? selector, string field, Dictionary<string, int> hits, Uri pageUrl, List<string> problems)
    {
        if (selector is null)
        {
            return null;
        }

        IElement? found;
        try
        {
            found = field is "photo" or "link" && item.Matches(selector) ? item : item.QuerySelector(selector);
        }
        catch (DomException ex)
        {
            var message = $"page {pageUrl}: {field} selector '{selector}' is not valid CSS ({ex.Message})";
            if (!problems.Contains(message))
            {
                problems.Add(message);
            }

            return null;
        }

        if (found is not null)
        {
            hits[field] = hits.GetValueOrDefault(field) + 1;
        }

        return found;
    }

    private static string? Text(IElement? element) =>
        element is null ? null : string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string? Href(IElement element) => element.GetAttribute("href");

    private static Uri BaseOf(IDocument document, Uri pageUrl)
    {
        var href = document.QuerySelector("base[href]")?.GetAttribute("href");
        return href is not null && Uri.TryCreate(pageUrl, href.Trim(), out var baseUrl) ? baseUrl : pageUrl;
    }

    private static Uri? Resolve(Uri baseUrl, string? reference)
    {
        var trimmed = reference?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Uri.TryCreate(baseUrl, trimmed, out var resolved) && resolved.Scheme is "http" or "https" ? resolved : null;
    }
}
