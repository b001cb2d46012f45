using System.Text.Json;
using DatasetForge.DemoSite.Truth;

namespace DatasetForge.DemoSite.Pages;

/// <summary>A staff directory built in the browser from <c>people.json</c>; the HTML holds an empty container.</summary>
internal sealed partial class DemoContent
{
    private const string DirectoryScript = """
        (function () {
          var container = document.getElementById('staff-directory');
          fetch(container.getAttribute('data-source'), { headers: { 'Accept': 'application/json' } })
            .then(function (response) { return response.json(); })
            .then(function (data) {
              data.people.forEach(function (person) {
                var card = document.createElement('div');
                card.className = 'staff-card';
                var photo = document.createElement('div');
                photo.className = 'staff-card__photo';
                if (person.portrait) { photo.style.backgroundImage = 'url("' + person.portrait + '")'; }
                var body = document.createElement('div');
                body.className = 'staff-card__body';
                var name = document.createElement('a');
                name.className = 'staff-card__name';
                name.href = person.url;
                name.textContent = person.displayName;
                var title = document.createElement('span');
                title.className = 'staff-card__title';
                title.textContent = person.jobTitle;
                body.appendChild(name);
                body.appendChild(title);
                card.appendChild(photo);
                card.appendChild(body);
                container.appendChild(card);
              });
              container.setAttribute('data-loaded', 'true');
            });
        })();
        """;

    private static string RenderScriptedShell(DemoDepartment department) => Page("en", $"Staff directory – {department.Name} – {department.University}", $"""
        <header><h1>{E(department.University)}</h1><p>{E(department.Name)}</p></header>
        <main>
        <h2>Staff directory</h2>
        <noscript>Please enable JavaScript to view the staff directory.</noscript>
        <div id="staff-directory" class="staff-directory" data-source="people.json"></div>
        </main>
        <footer>Westfield Institute of Technology</footer>
        <script src="/westfield/assets/directory.js"></script>
        """);

    private string RenderPeopleJson(DemoDepartment department)
    {
        var people = Listed(department).Select(p => new
        {
            displayName = p.Name,
            jobTitle = p.Role,
            url = p.ProfilePath,
            portrait = p.PhotoUrl,
        });
        return JsonSerializer.Serialize(new { people });
    }
}
