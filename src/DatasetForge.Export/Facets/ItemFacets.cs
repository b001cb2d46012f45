using System.Text;
using System.Text.Json;

namespace DatasetForge.Export.Facets;

/// <summary>
/// The facets an exported item carries besides its label: the source's name, the person's manifest facets
/// (university, country, gender, age band, …) and a role category. Never a name, a URL or an e-mail address.
/// </summary>
/// <remarks>
/// Items of one source share the same facets, so instances are cached by content: a million items hold a few dozen
/// dictionaries, not a million.
/// </remarks>
public sealed class ItemFacets
{
    /// <summary>The facet naming the item's source.</summary>
    public const string Source = "source";

    /// <summary>The facet holding <see cref="RoleCategories"/>.</summary>
    public const string RoleCategory = "role category";

    // Keys whose values identify a person or point back to them; dropped whatever the manifest says.
    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "fullname", "full name", "firstname", "lastname", "surname", "email", "e-mail", "mail", "url", "profile",
        "profileurl", "profile url", "photo", "photourl", "homepage", "link", "phone", "key",
    };

    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _cache = new(StringComparer.Ordinal);

    private readonly string _labelFacet;

    /// <summary>Creates a builder that leaves out <paramref name="labelFacet"/> (the label is never also a facet).</summary>
    public ItemFacets(string labelFacet)
    {
        ArgumentNullException.ThrowIfNull(labelFacet);
        _labelFacet = labelFacet;
    }

    /// <summary>The facets of one item. Throws <see cref="InvalidDataException"/> naming the person when the JSON is broken.</summary>
    public IReadOnlyDictionary<string, string> For(string sourceName, string? facetsJson, string? role, int personId = 0)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        var key = new StringBuilder(sourceName).Append('\u001f').Append(facetsJson).Append('\u001f').Append(RoleCategories.Of(role)).ToString();
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var facets = new SortedDictionary<string, string>(StringComparer.Ordinal) { [Source] = sourceName };
        foreach (var (name, value) in Parse(facetsJson, personId))
        {
            if (IsAllowed(name, value))
            {
                facets[name] = value;
            }
        }

        facets[RoleCategory] = RoleCategories.Of(role);
        var result = facets.AsReadOnly();
        _cache[key] = result;
        return result;
    }

    private bool IsAllowed(string name, string value) =>
        !string.IsNullOrWhiteSpace(value)
        && !name.Equals(_labelFacet, StringComparison.OrdinalIgnoreCase)
        && !name.Equals(Source, StringComparison.OrdinalIgnoreCase)
        && !name.Equals(RoleCategory, StringComparison.OrdinalIgnoreCase)
        && !Forbidden.Contains(name.Trim())
        && !value.Contains("://", StringComparison.Ordinal)
        && !value.Contains('@', StringComparison.Ordinal);

    private static IEnumerable<(string Name, string Value)> Parse(string? json, int personId)
    {
        if (string.IsNullOrWhiteSpace(json) || json == "{}")
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"Person {personId}: FacetsJson is not a JSON object: {json}");
            }

            return [.. document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                .Select(p => (p.Name.Trim(), (p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()).Trim()))];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Person {personId}: FacetsJson is not valid JSON ({e.Message}).", e);
        }
    }
}
