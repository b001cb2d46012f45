using System.Security.Cryptography;
using System.Text;
using DatasetForge.DemoSite.Truth;

namespace DatasetForge.DemoSite.Pages;

/// <summary>Where each layout publishes a person's photo and profile, in the URL style of the system it imitates.</summary>
internal static class PhotoPaths
{
    public const string PlaceholderPath = "/img/placeholder.png";

    public const string OffSiteHost = "cdn.westfield-tech.invalid";

    public const string WordPressUploads = "/tu-nordstadt/wp-content/uploads/2024/05/";

    public const string Typo3Base = "/uni-suedheim/";

    public static string WordPressSmall(string id) => $"{WordPressUploads}{id}-240x300.jpg";

    public static string WordPressLarge(string id) => $"{WordPressUploads}{id}-480x600.jpg";

    public static string TableRelative(DemoDepartment department, string id) => $"{department.Path}photos/{id}.jpg";

    public static string TableAbsolute(string id) => $"/eastbridge/media/staff/{id}.jpg";

    /// <summary>TYPO3's processed-file name: csm_ + name + a short hash, relative to the <c>&lt;base href&gt;</c>.</summary>
    public static string Typo3Relative(string id, bool large)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..10];
        return $"fileadmin/_processed_/personen/csm_{id}_{hash}{(large ? "@2x" : string.Empty)}.jpg";
    }

    public static string Scripted(string id) => $"/westfield/media/staff/{id}.jpg";

    public static string OffSite(string id) => $"https://{OffSiteHost}/staff/{id}.jpg";

    /// <summary>The profile page of a person, or null for those the listing does not link.</summary>
    public static string? Profile(DemoDepartment department, string id, DemoPhotoKind kind) => department.Layout switch
    {
        DemoLayout.PeopleTable when kind == DemoPhotoKind.None => null,
        DemoLayout.Typo3List => $"{department.Path}detail/{id}/",
        _ => $"{department.Path}{id}/",
    };

    /// <summary>The photo URL a correct extraction resolves to (see <see cref="DemoPerson.PhotoUrl"/>).</summary>
    public static string? Expected(DemoDepartment department, string id, DemoPhotoKind kind, string style) => (kind, department.Layout, style) switch
    {
        (DemoPhotoKind.None, _, _) => null,
        (DemoPhotoKind.Placeholder, _, _) => PlaceholderPath,
        (DemoPhotoKind.OffSite, _, _) => OffSite(id),
        (_, DemoLayout.CardGrid, "lazy-srcset" or "srcset") => WordPressLarge(id),
        (_, DemoLayout.CardGrid, _) => WordPressSmall(id),
        (_, DemoLayout.PeopleTable, "absolute") => TableAbsolute(id),
        (_, DemoLayout.PeopleTable, _) => TableRelative(department, id),
        (_, DemoLayout.Typo3List, "picture") => Typo3Base + Typo3Relative(id, large: true),
        (_, DemoLayout.Typo3List, _) => Typo3Base + Typo3Relative(id, large: false),
        (_, DemoLayout.ScriptedList, _) => Scripted(id),
        _ => throw new InvalidOperationException($"No photo path for style '{style}' in layout {department.Layout}."),
    };
}
