using System.Text;
using DatasetForge.DemoSite.Truth;

namespace DatasetForge.DemoSite.Pages;

/// <summary>The WordPress/Elementor team grid: lazy images, srcset, two pages joined by a "next" link.</summary>
internal sealed partial class DemoContent
{
    /// <summary>The 1x1 transparent GIF lazy-loading plugins put in <c>src</c> until the real image is swapped in.</summary>
    private const string LazyGif = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

    private string RenderCardGrid(DemoDepartment department, int page)
    {
        var cards = new StringBuilder();
        foreach (var person in Listed(department, page))
        {
            cards.Append($"""
                <div class="elementor-column elementor-col-25">
                  <article class="team-member">
                    <a class="team-member__link" href="{person.ProfilePath}">{CardImage(person, page)}</a>
                    <div class="team-member__text">
                      <h3 class="team-member__name">{E(person.Name)}</h3>
                      <p class="team-member__role">{E(person.Role)}</p>
                      <p class="team-member__contact"><a href="mailto:{person.Id}@{MailHost(department)}">E-Mail</a></p>
                    </div>
                  </article>
                </div>

                """);
        }

        var pagination = page == 1
            ? """<nav class="pagination"><span class="page-numbers current">1</span> <a class="page-numbers" href="page/2/">2</a> <a class="next page-numbers" href="page/2/">Weiter &raquo;</a></nav>"""
            : $"""<nav class="pagination"><a class="prev page-numbers" href="{department.Path}">&laquo; Zurück</a> <a class="page-numbers" href="{department.Path}">1</a> <span class="page-numbers current">2</span></nav>""";

        return Page("de", $"Team – {department.Name} – {department.University}", $"""
            <header class="site-header"><div class="site-branding">{E(department.University)}</div>
            <nav class="main-navigation"><a href="/tu-nordstadt/">Startseite</a> <a href="{department.Path}">Team</a> <a href="/intern/team/">Intranet</a></nav></header>
            <main id="content" class="site-main">
            <div class="elementor elementor-1234">
            <section class="elementor-section"><h1 class="elementor-heading-title">Unser Team</h1>
            <p>{E(department.Name)}: Professorinnen, Professoren und Mitarbeitende (Seite {page} von 2).</p>
            <div class="elementor-widget-container"><div class="team-grid">
            {cards}</div></div>
            {pagination}
            </section></div></main>
            <footer>Impressum · Datenschutz</footer>
            """, "<meta name=\"generator\" content=\"WordPress 6.5; Elementor 3.21\">");
    }

    private static string MailHost(DemoDepartment department) =>
        $"{department.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[1]}.{department.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0]}.example";

    private string CardImage(DemoPerson person, int page)
    {
        var small = PhotoPaths.WordPressSmall(person.Id);
        var large = PhotoPaths.WordPressLarge(person.Id);
        var alt = E(person.Name);
        return Style(person) switch
        {
            "lazy-srcset" => $"""<img class="lazyload" width="240" height="300" src="{LazyGif}" data-src="{small}" data-srcset="{small} 240w, {large} 480w" data-sizes="auto" alt="{alt}">""",
            "srcset" => $"""<img loading="lazy" width="240" height="300" src="{small}" srcset="{small} 240w, {large} 480w" sizes="(max-width: 600px) 100vw, 240px" alt="{alt}">""",
            // Relative to the page: from /…/team/ or /…/team/page/2/ up to /tu-nordstadt/.
            "relative" => $"""<img width="240" height="300" src="{(page == 1 ? "../../" : "../../../../")}wp-content/uploads/2024/05/{person.Id}-240x300.jpg" alt="{alt}">""",
            "absolute" => $"""<img width="240" height="300" src="{Absolute(small)}" alt="{alt}">""",
            _ => $"""<img class="lazyload" width="240" height="300" src="{LazyGif}" data-src="{small}" alt="{alt}">""",
        };
    }
}
