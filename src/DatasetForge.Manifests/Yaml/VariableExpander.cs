using System.Text.RegularExpressions;

namespace DatasetForge.Manifests.Yaml;

/// <summary>
/// Expands <c>${NAME}</c> and <c>${NAME:-default}</c> in manifest values from the environment, so one manifest
/// serves several machines (the demo's site address, a mirror's host).
/// </summary>
public sealed partial class VariableExpander(Func<string, string?> lookup)
{
    /// <summary>An expander over the process environment.</summary>
    public static VariableExpander FromEnvironment { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>Expands <paramref name="value"/>; <paramref name="missing"/> gets the names without a value or default.</summary>
    public string Expand(string value, ICollection<string> missing)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(missing);
        return Pattern().Replace(value, match =>
        {
            var name = match.Groups["name"].Value;
            var found = lookup(name);
            if (!string.IsNullOrEmpty(found))
            {
                return found;
            }

            if (match.Groups["default"].Success)
            {
                return match.Groups["default"].Value;
            }

            missing.Add(name);
            return match.Value;
        });
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}")]
    private static partial Regex Pattern();
}
