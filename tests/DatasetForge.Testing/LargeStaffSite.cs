using System.Globalization;
using System.Text;
using DatasetForge.DemoSite.Serving;

namespace DatasetForge.Testing;

/// <summary>
/// A large staff directory on a <see cref="FixtureServer"/>: <see cref="ListPages"/> list pages joined by "next" links, each
/// listing <see cref="PerPage"/> persons with a profile page and a photo, for crawls killed halfway. Some persons are
/// awkward on purpose (a missing photo, a missing profile page, a profile that says noai), so that decisions of every kind
/// must come out of a resumed crawl as they come out of a clean one.
/// </summary>
public sealed class LargeStaffSite
{
    private LargeStaffSite(FixtureServer server, int listPages, int perPage)
    {
        Server = server;
        ListPages = listPages;
        PerPage = perPage;
    }

    /// <summary>The server the site is on.</summary>
    public FixtureServer Server { get; }

    /// <summary>The number of list pages.</summary>
    public int ListPages { get; }

    /// <summary>Persons per list page.</summary>
    public int PerPage { get; }

    /// <summary>All persons.</summary>
    public int Persons => ListPages * PerPage;

    /// <summary>The first list page.</summary>
    public Uri StartUrl => Server.Url("/staff/");

    /// <summary>The CSS selectors that read the site (as YAML lines of a stand-alone manifest's <c>selectors:</c>, see <see cref="ManifestYaml"/>).</summary>
    public static IReadOnlyDictionary<string, string> Selectors { get; } = new Dictionary<string, string>
    {
        ["item"] = ".card",
        ["name"] = "h3",
        ["role"] = ".role",
        ["photo"] = "img",
        ["link"] = "h3 a",
        ["nextPage"] = "a.next",
        ["profilePhoto"] = ".portrait",
        ["profileRole"] = ".position",
    };

    /// <summary>Serves the site on <paramref name="server"/>: list pages, profile pages and photos.</summary>
    public static LargeStaffSite Serve(FixtureServer server, int listPages = 40, int perPage = 6)
    {
        ArgumentNullException.ThrowIfNull(server);
        var site = new LargeStaffSite(server, listPages, perPage);
        for (var page = 1; page <= listPages; page++)
        {
            server.Page(ListPath(page), site.ListPage(page));
        }

        for (var i = 1; i <= site.Persons; i++)
        {
            var id = Id(i);
            if (i % 29 != 0)
            {
                // Every 29th profile page is gone: the list's photo and role are kept.
                server.Page($"/people/{id}/", ProfilePage(i));
            }

            if (i % 23 != 0)
            {
                // Every 23rd photo is gone (404): a failed download.
                server.File($"/photos/{id}.jpg", Jpeg("list " + id), "image/jpeg");
                server.File($"/photos/{id}-large.jpg", Jpeg("portrait " + id), "image/jpeg");
            }
        }

        return site;
    }

    /// <summary>A stand-alone source manifest (YAML) for <c>forge</c> that reads the whole site.</summary>
    public string ManifestYaml(string source, string label)
    {
        var yaml = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"source: {source}")
            .AppendLine(CultureInfo.InvariantCulture, $"url: {StartUrl}")
            .AppendLine(CultureInfo.InvariantCulture, $"label: {label}")
            .AppendLine("delaySeconds: 0")
            .AppendLine("concurrency: 2")
            .AppendLine(CultureInfo.InvariantCulture, $"maxPages: {ListPages + 10}")
            .AppendLine("followProfile: true")
            .AppendLine("selectors:");
        foreach (var (field, selector) in Selectors)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  {field}: \"{selector}\"");
        }

        return yaml.ToString();
    }

    /// <summary>A small, distinct, JPEG-signed body per name (the scraper checks magic bytes, not pixels).</summary>
    public static byte[] Jpeg(string name) => [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.UTF8.GetBytes("fixture photo of " + name), 0xFF, 0xD9];

    /// <summary>The id of the <paramref name="person"/>-th person (1-based), as in <c>/people/p0003/</c>.</summary>
    public static string Id(int person) => "p" + person.ToString("D4", CultureInfo.InvariantCulture);

    private static string ListPath(int page) => page == 1 ? "/staff/" : $"/staff/page/{page}/";

    private string ListPage(int page)
    {
        var html = new StringBuilder("<html><body><h1>Staff</h1>");
        for (var i = (page - 1) * PerPage + 1; i <= page * PerPage; i++)
        {
            var id = Id(i);
            var photo = i % 31 == 0 ? string.Empty : $"<img src=\"/photos/{id}.jpg\">";
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><h3><a href=\"/people/{id}/\">Person {id}</a></h3><span class=\"role\">Researcher</span>{photo}</div>");
        }

        if (page < ListPages)
        {
            html.Append(CultureInfo.InvariantCulture, $"<a class=\"next\" href=\"{ListPath(page + 1)}\">next</a>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static string ProfilePage(int person)
    {
        var id = Id(person);
        var role = person % 17 == 0 ? "Sekretariat" : "Professor";
        // Every 37th profile page says its photos are not for AI.
        var meta = person % 37 == 0 ? "<meta name=\"robots\" content=\"noai\">" : string.Empty;
        return $"<html><head>{meta}</head><body><h1>Person {id}</h1><p class=\"position\">{role}</p><img class=\"portrait\" src=\"/photos/{id}-large.jpg\"></body></html>";
    }
}
