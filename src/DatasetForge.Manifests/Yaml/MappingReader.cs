using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace DatasetForge.Manifests.Yaml;

/// <summary>
/// Reads typed fields from a YAML mapping and records every mistake (wrong type, out of range, missing, unknown
/// field) with its file, line and dotted field path. Call <see cref="Finish"/> to report fields nobody asked for.
/// </summary>
internal sealed class MappingReader
{
    private readonly YamlMappingNode _node;
    private readonly string _file;
    private readonly string _prefix;
    private readonly List<ManifestError> _errors;
    private readonly VariableExpander _expander;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public MappingReader(YamlMappingNode node, string file, string prefix, List<ManifestError> errors, VariableExpander expander)
    {
        _node = node;
        _file = file;
        _prefix = prefix;
        _errors = errors;
        _expander = expander;
    }

    public YamlNode Node => _node;

    /// <summary>Whether <paramref name="key"/> is given as an explicit null (<c>key: null</c>, <c>key: ~</c> or <c>key:</c>).</summary>
    public bool IsNull(string key) => Find(key) is { } value && IsNull(value);

    public bool Has(string key) => Find(key) is { } value && !IsNull(value);

    public string? String(string key, bool required = false)
    {
        var value = Lookup(key, required);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlScalarNode scalar)
        {
            Error(value, key, "must be a single value, not a list or mapping");
            return null;
        }

        return ExpandScalar(scalar, key);
    }

    public int? Int(string key, int min, int max)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            Error(Find(key)!, key, $"must be a whole number from {min} to {max}, not '{text}'");
            return null;
        }

        return number;
    }

    public long? Long(string key, long min, long max)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            || number < min || number > max)
        {
            Error(Find(key)!, key, $"must be a whole number from {min} to {max}, not '{text}'");
            return null;
        }

        return number;
    }

    public double? Double(string key, double min, double max)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            Error(Find(key)!, key, $"must be a number from {min} to {max}, not '{text}'");
            return null;
        }

        return number;
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Error(Find(key)!, key, $"must be true or false, not '{text}'");
                return null;
        }
    }

    public TEnum? Enum<TEnum>(string key)
        where TEnum : struct, Enum
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (System.Enum.TryParse<TEnum>(text.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var value)
            && System.Enum.IsDefined(value))
        {
            return value;
        }

        var names = string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
        Error(Find(key)!, key, $"must be one of {names}, not '{text}'");
        return null;
    }

    /// <summary>A list of strings; a single value is read as a list of one.</summary>
    public IReadOnlyList<string>? StringList(string key)
    {
        var value = Lookup(key, required: false);
        switch (value)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return ExpandScalar(scalar, key) is { } one ? [one] : [];
            case YamlSequenceNode sequence:
                var list = new List<string>();
                foreach (var item in sequence)
                {
                    if (item is YamlScalarNode s && ExpandScalar(s, key) is { } text)
                    {
                        list.Add(text);
                    }
                    else if (!IsNull(item))
                    {
                        Error(item, key, "must be a list of single values");
                    }
                }

                return list;
            default:
                Error(value, key, "must be a list");
                return null;
        }
    }

    public IReadOnlyDictionary<string, string>? StringMap(string key)
    {
        var value = Lookup(key, required: false);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlMappingNode mapping)
        {
            Error(value, key, "must be a mapping of names to values");
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in mapping.Children)
        {
            var name = ((YamlScalarNode)k).Value ?? string.Empty;
            if (v is YamlScalarNode s && ExpandScalar(s, $"{key}.{name}") is { } text)
            {
                map[name] = text;
            }
            else if (!IsNull(v))
            {
                Error(v, $"{key}.{name}", "must be a single value");
            }
        }

        return map;
    }

    public MappingReader? Mapping(string key)
    {
        var value = Lookup(key, required: false);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlMappingNode mapping)
        {
            Error(value, key, "must be a mapping (indented 'name: value' lines)");
            return null;
        }

        return new MappingReader(mapping, _file, Path(key), _errors, _expander);
    }

    /// <summary>Records an error against a field of this mapping.</summary>
    public void Error(string key, string message) => Error(Find(key) ?? _node, key, message);

    /// <summary>Reports every field that was present but never read, with a suggestion when one is close.</summary>
    public void Finish()
    {
        foreach (var (k, _) in _node.Children)
        {
            var name = ((YamlScalarNode)k).Value ?? string.Empty;
            if (_known.Contains(name))
            {
                continue;
            }

            var suggestion = Suggest(name, _known);
            var hint = suggestion is null ? $"known fields: {string.Join(", ", _known.Order(StringComparer.Ordinal))}" : $"did you mean '{suggestion}'?";
            Error(k, name, $"unknown field; {hint}");
        }
    }

    /// <summary>Marks fields as known without reading them (read elsewhere).</summary>
    public void Known(params string[] keys)
    {
        foreach (var key in keys)
        {
            _known.Add(key);
        }
    }

    private YamlNode? Lookup(string key, bool required)
    {
        _known.Add(key);
        var value = Find(key);
        if (value is null || IsNull(value))
        {
            if (required)
            {
                Error(value ?? _node, key, "is required");
            }

            return null;
        }

        return value;
    }

    private YamlNode? Find(string key) =>
        _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private string? ExpandScalar(YamlScalarNode scalar, string key)
    {
        if (IsNull(scalar))
        {
            return null;
        }

        var missing = new List<string>();
        var text = _expander.Expand(scalar.Value ?? string.Empty, missing);
        foreach (var name in missing)
        {
            Error(scalar, key, $"uses ${{{name}}}, but the environment variable {name} is not set and no default is given (write ${{{name}:-default}})");
        }

        return text;
    }

    private void Error(YamlNode node, string key, string message) =>
        _errors.Add(new ManifestError(_file, (int)node.Start.Line, (int)node.Start.Column, Path(key), message));

    private string Path(string key) => _prefix.Length == 0 ? key : $"{_prefix}.{key}";

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static string? Suggest(string name, IEnumerable<string> known) =>
        known.Select(k => (k, d: Distance(name.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(x => x.d <= Math.Max(2, name.Length / 3))
            .OrderBy(x => x.d)
            .Select(x => x.k)
            .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
