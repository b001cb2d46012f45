using System.Globalization;
using DatasetForge.Core.Definitions;

namespace DatasetForge.Sources.Stage;

/// <summary>
/// Turns an item's raw facets into the catalogue's: value maps applied, numbers checked and written in the invariant
/// culture, the manifest's constant facets added, the label picked out (the dataset names which facet it is).
/// </summary>
internal static class FacetRules
{
    public static (SortedDictionary<string, string> Facets, string? Label, string? Problem) Apply(
        SourceManifest source, DatasetDefinition dataset, IReadOnlyDictionary<string, string> raw)
    {
        var settings = source.Import!;
        var facets = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in source.Facets)
        {
            facets[name] = value;
        }

        if (source.Label is { } fixedLabel && !source.Unlabelled)
        {
            facets[dataset.Label] = fixedLabel;
        }

        foreach (var (name, value) in raw)
        {
            facets[name] = value;
        }

        foreach (var name in facets.Keys.ToList())
        {
            var value = facets[name];
            if (settings.Values.TryGetValue(name, out var map))
            {
                if (!map.TryGetValue(value, out var mapped))
                {
                    return (facets, null, $"{name} '{value}' is not in the manifest's value map (known: {string.Join(", ", map.Keys)})");
                }

                facets[name] = value = mapped;
            }

            var numeric = settings.Numbers.Contains(name, StringComparer.Ordinal)
                || (name == dataset.Label && dataset.LabelKind == LabelKind.Number);
            if (numeric)
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    return (facets, null, $"{name} '{value}' is not a number");
                }

                facets[name] = number.ToString(CultureInfo.InvariantCulture);
            }
        }

        if (source.Unlabelled)
        {
            facets.Remove(dataset.Label);
            facets["unlabelled"] = "true";
            return (facets, null, null);
        }

        var label = facets.TryGetValue(dataset.Label, out var found) && found.Length > 0 ? found : null;
        return (facets, label, null);
    }
}
