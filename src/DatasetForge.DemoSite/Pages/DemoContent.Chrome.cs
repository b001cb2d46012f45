using System.Net;
using System.Text;
using DatasetForge.DemoSite.Truth;

namespace DatasetForge.DemoSite.Pages;

/// <summary>The shared page shell, the index, profile pages and the intranet page robots.txt shuts out.</summary>
internal sealed partial class DemoContent
{
    private const string StyleSheet = """
        body { font-family: sans-serif; margin: 0; color: #222; }
        header, footer { background: #1d3557; color: #fff; padding: 1em 2em; }
        main { padding: 1em 2em; }
        .team-grid, .staff-directory { display: grid; grid-template-columns: repeat(auto-fill, 260px); gap: 1.5em; }
        .staff-card__photo { width: 240px; height: 300px; background-size: cover; background-position: center; }
        table.people td { padding: .4em .8em; vertical-align: top; }
        .cookie-banner { position: fixed; bottom: 0; background: #eee; padding: .5em; }
        """;

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Page(string language, string title, string body, string? head = null) => $$"""
        <!DOCTYPE html>
        <html lang="{{language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}}</title>
        {{head}}
        <link rel="stylesheet" href="/assets/site.css">
        </head>
        <body>
        {{body}}
        <div class="cookie-banner" role="dialog">{{(language == "de" ? "Diese Website verwendet Cookies." : "This website uses cookies.")}} <button>OK</button></div>
        </body>
        </html>
        """;

    private string RenderIndex()
    {
        var links = new StringBuilder();
        foreach (var department in Departments)
        {
            links.Append(CultureInfoInvariant($"<li><a href=\"{department.Path}\">{E(department.University)}: {E(department.Name)}</a></li>\n"));
        }

        return Page("en", "Demo universities", $"""
            <header><h1>Demo universities</h1></header>
            <main><p>Staff pages of four fictional universities, served locally for DatasetForge.</p><ul>
            {links}</ul></main>
            """);
    }

    private string RenderProfile(DemoPerson person)
    {
        var photo = person.PhotoUrl is { } url && url.StartsWith('/') ? $"<img class=\"portrait\" src=\"{url}\" alt=\"{E(person.Name)}\">" : string.Empty;
        return Page(person.Department.Language, person.Name, $"""
            <header><a href="{person.Department.Path}">{E(person.Department.University)}: {E(person.Department.Name)}</a></header>
            <main class="profile">
            {photo}
            <h1>{E(person.Name)}</h1>
            <p class="role">{E(person.Role)}</p>
            </main>
            """);
    }

    private static string RenderInternal() => Page("de", "Intranet: Team", """
        <header><h1>Intranet</h1></header>
        <main><div class="team-grid">
        <article class="team-member">
          <a class="team-member__link" href="/intern/team/hausmeister/"><img src="/img/placeholder.png" alt=""></a>
          <h3 class="team-member__name">Interne Person</h3>
          <p class="team-member__role">Hausmeister</p>
        </article>
        </div></main>
        """);

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);
}
