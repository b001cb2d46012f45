using System.Collections.Concurrent;
using System.Text;
using DatasetForge.DemoSite.Fixtures;
using DatasetForge.DemoSite.Photos;
using DatasetForge.DemoSite.Truth;

namespace DatasetForge.DemoSite.Pages;

/// <summary>Everything the demo site serves: the truth, the images (built once) and the pages (rendered per request).</summary>
internal sealed partial class DemoContent
{
    private const string Html = "text/html; charset=utf-8";

    private readonly Dictionary<string, SiteAsset> _assets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _unlisted = new(StringComparer.Ordinal);

    public DemoContent(FixtureFile fixture, Func<string, string> resolvePhoto)
    {
        var departments = fixture.Departments
            .Select(d => new DemoDepartment(d.Source, d.University, d.Name, d.Field, d.Layout, d.Language, d.Path)
            {
                Look = d.Look is null || PhotoLook.IsKnown(d.Look)
                    ? d.Look ?? PhotoLook.Plain
                    : throw new InvalidOperationException($"Department '{d.Source}' names unknown photo look '{d.Look}'."),
            })
            .ToList();
        var bySource = departments.ToDictionary(d => d.Source, StringComparer.Ordinal);
        Departments = departments;
        Persons = [.. fixture.Persons.Select(p =>
        {
            var department = bySource.TryGetValue(p.Department, out var found)
                ? found
                : throw new InvalidOperationException($"Person '{p.Id}' names unknown department '{p.Department}'.");
            return new DemoPerson
            {
                Id = p.Id,
                Name = p.Name,
                Role = p.Role,
                Department = department,
                IsAcademic = p.Academic,
                PhotoKind = p.Kind,
                PhotoId = p.Photo,
                Page = p.Page,
                PhotoUrl = PhotoPaths.Expected(department, p.Id, p.Kind, p.Style),
                ProfilePath = PhotoPaths.Profile(department, p.Id, p.Kind),
            };
        })];
        Styles = fixture.Persons.ToDictionary(p => p.Id, p => p.Style, StringComparer.Ordinal);

        var (small, large) = PhotoFactory.CropAll(fixture.Photos, resolvePhoto);
        _assets[PhotoPaths.PlaceholderPath] = new SiteAsset(PhotoFactory.Placeholder(), "image/png");
        foreach (var person in Persons.Where(p => p.PhotoId is not null && p.PhotoKind is DemoPhotoKind.Face or DemoPhotoKind.NoFace))
        {
            var look = person.Department.Look;
            RegisterPhotos(person, PhotoLook.Apply(small[person.PhotoId!], look), PhotoLook.Apply(large[person.PhotoId!], look));
        }

        _assets["/robots.txt"] = Text("User-agent: *\nDisallow: /intern/\n\nSitemap: /sitemap.xml\n", "text/plain; charset=utf-8");
        _assets["/westfield/assets/directory.js"] = Text(DirectoryScript, "text/javascript; charset=utf-8");
        _assets["/assets/site.css"] = Text(StyleSheet, "text/css; charset=utf-8");
    }

    public IReadOnlyList<DemoDepartment> Departments { get; }

    public IReadOnlyList<DemoPerson> Persons { get; }

    /// <summary>The site's own origin, known once Kestrel has bound its port.</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1/");

    private Dictionary<string, string> Styles { get; }

    public void SetListed(string personId, bool listed)
    {
        if (Persons.All(p => p.Id != personId))
        {
            throw new ArgumentException($"No demo person has the id '{personId}'.", nameof(personId));
        }

        if (listed)
        {
            _unlisted.TryRemove(personId, out _);
        }
        else
        {
            _unlisted[personId] = true;
        }
    }

    public bool IsListed(DemoPerson person) => !_unlisted.ContainsKey(person.Id);

    public byte[]? GetBytes(string path) => _assets.TryGetValue(path, out var asset) ? asset.Body : null;

    /// <summary>The response for a path, or null for 404.</summary>
    public SiteAsset? Resolve(string path)
    {
        if (_assets.TryGetValue(path, out var asset))
        {
            return asset;
        }

        if (path == "/")
        {
            return Text(RenderIndex(), Html);
        }

        if (path == "/intern/team/")
        {
            return Text(RenderInternal(), Html);
        }

        foreach (var department in Departments)
        {
            var page = RenderDepartment(department, path);
            if (page is not null)
            {
                return page;
            }
        }

        var profile = Persons.FirstOrDefault(p => p.ProfilePath == path && IsListed(p));
        return profile is null ? null : Text(RenderProfile(profile), Html);
    }

    private SiteAsset? RenderDepartment(DemoDepartment department, string path) => department.Layout switch
    {
        DemoLayout.CardGrid when path == department.Path => Text(RenderCardGrid(department, 1), Html),
        DemoLayout.CardGrid when path == department.Path + "page/2/" => Text(RenderCardGrid(department, 2), Html),
        DemoLayout.PeopleTable when path == department.Path => Text(RenderTable(department), Html),
        DemoLayout.Typo3List when path == department.Path => Text(RenderTypo3(department), Html),
        DemoLayout.ScriptedList when path == department.Path => Text(RenderScriptedShell(department), Html),
        DemoLayout.ScriptedList when path == department.Path + "people.json" => Text(RenderPeopleJson(department), "application/json; charset=utf-8"),
        _ => null,
    };

    private IEnumerable<DemoPerson> Listed(DemoDepartment department, int page = 1) =>
        Persons.Where(p => p.Department == department && p.Page == page && IsListed(p));

    private string Style(DemoPerson person) => Styles[person.Id];

    private string Absolute(string path) => new Uri(BaseUrl, path).AbsoluteUri;

    private void RegisterPhotos(DemoPerson person, byte[] small, byte[] large)
    {
        var department = person.Department;
        var jpeg = "image/jpeg";
        switch (department.Layout)
        {
            case DemoLayout.CardGrid:
                _assets[PhotoPaths.WordPressSmall(person.Id)] = new SiteAsset(small, jpeg);
                _assets[PhotoPaths.WordPressLarge(person.Id)] = new SiteAsset(large, jpeg);
                break;
            case DemoLayout.PeopleTable:
                _assets[PhotoPaths.TableRelative(department, person.Id)] = new SiteAsset(small, jpeg);
                _assets[PhotoPaths.TableAbsolute(person.Id)] = new SiteAsset(small, jpeg);
                break;
            case DemoLayout.Typo3List:
                _assets[PhotoPaths.Typo3Base + PhotoPaths.Typo3Relative(person.Id, large: false)] = new SiteAsset(small, jpeg);
                _assets[PhotoPaths.Typo3Base + PhotoPaths.Typo3Relative(person.Id, large: true)] = new SiteAsset(large, jpeg);
                break;
            case DemoLayout.ScriptedList:
                _assets[PhotoPaths.Scripted(person.Id)] = new SiteAsset(small, jpeg);
                break;
        }
    }

    private static SiteAsset Text(string body, string contentType) => new(Encoding.UTF8.GetBytes(body), contentType);
}
