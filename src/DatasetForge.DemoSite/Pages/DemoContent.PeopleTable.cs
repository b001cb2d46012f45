using System.Text;
using DatasetForge.DemoSite.Truth;

namespace DatasetForge.DemoSite.Pages;

/// <summary>An old-school HTML table of people: relative and absolute image URLs, an empty photo cell, a broken image.</summary>
internal sealed partial class DemoContent
{
    private string RenderTable(DemoDepartment department)
    {
        var rows = new StringBuilder();
        foreach (var person in Listed(department))
        {
            var photo = person.PhotoKind == DemoPhotoKind.None
                ? "&nbsp;"
                : Style(person) == "absolute"
                    ? $"""<img src="{Absolute(PhotoPaths.TableAbsolute(person.Id))}" width="120" alt="Photo of {E(person.Name)}">"""
                    : $"""<img src="photos/{person.Id}.jpg" width="120" alt="Photo of {E(person.Name)}">""";
            var name = person.ProfilePath is null ? E(person.Name) : $"""<a href="{person.ProfilePath}">{E(person.Name)}</a>""";
            rows.Append($"""
                <tr>
                  <td class="photo">{photo}</td>
                  <td class="name">{name}</td>
                  <td class="position">{E(person.Role)}</td>
                  <td class="contact">{person.Id}@{MailHost(department)}<br>Room E{person.Id.Length}.0{person.Name.Length % 9}</td>
                </tr>

                """);
        }

        return Page("en", $"People – {department.Name} – {department.University}", $"""
            <header><h1>{E(department.University)}</h1><p>{E(department.Name)}</p></header>
            <main>
            <h2>Academic and professional staff</h2>
            <table class="people" summary="Staff list">
            <thead><tr><th>Photo</th><th>Name</th><th>Position</th><th>Contact</th></tr></thead>
            <tbody>
            {rows}</tbody>
            </table>
            </main>
            <footer>&copy; University of Eastbridge</footer>
            """);
    }
}
