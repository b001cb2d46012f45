using System.Text;
using DatasetForge.DemoSite.Truth;

namespace DatasetForge.DemoSite.Pages;

/// <summary>A TYPO3 person list: URLs relative to <c>&lt;base href&gt;</c>, <c>&lt;picture&gt;</c> with density descriptors.</summary>
internal sealed partial class DemoContent
{
    private string RenderTypo3(DemoDepartment department)
    {
        var items = new StringBuilder();
        foreach (var person in Listed(department))
        {
            var style = Style(person);
            var image = person.PhotoKind switch
            {
                DemoPhotoKind.Placeholder => $"""<img src="{PhotoPaths.PlaceholderPath}" width="240" height="300" alt="" class="placeholder">""",
                _ when style == "picture" => $"""
                    <picture>
                      <source srcset="{PhotoPaths.Typo3Relative(person.Id, large: false)} 1x, {PhotoPaths.Typo3Relative(person.Id, large: true)} 2x" media="(min-width: 768px)">
                      <img src="{PhotoPaths.Typo3Relative(person.Id, large: false)}" width="240" height="300" alt="{E(person.Name)}">
                    </picture>
                    """,
                _ => $"""<img src="{PhotoPaths.Typo3Relative(person.Id, large: false)}" width="240" height="300" alt="{E(person.Name)}">""",
            };
            var detail = person.ProfilePath![PhotoPaths.Typo3Base.Length..];
            items.Append($"""
                <li class="person-list__item">
                  <figure class="person-list__image">{image}</figure>
                  <div class="person-list__text">
                    <h3 class="person-list__name"><a href="{detail}">{E(person.Name)}</a></h3>
                    <p class="person-list__function">{E(person.Role)}</p>
                    <p class="person-list__contact">Raum {person.Id.Length}.{person.Name.Length:00} · Sprechstunde nach Vereinbarung</p>
                  </div>
                </li>

                """);
        }

        return Page("de", $"Personen – {department.Name} – {department.University}", $"""
            <div id="page"><header class="page-header"><a class="logo" href="./">{E(department.University)}</a>
            <nav class="breadcrumb"><a href="./">Startseite</a> › <a href="{department.Path[PhotoPaths.Typo3Base.Length..]}">{E(department.Name)}</a> › Personen</nav></header>
            <main id="c123" class="frame frame-default frame-type-list">
            <h1>Personen</h1>
            <div class="tx-fe-persons">
            <ul class="person-list">
            {items}</ul>
            </div>
            </main>
            <footer>Universität Südheim · Impressum · Barrierefreiheit</footer></div>
            """, $"""
            <base href="{Absolute(PhotoPaths.Typo3Base)}">
            <meta name="generator" content="TYPO3 CMS">
            """);
    }
}
