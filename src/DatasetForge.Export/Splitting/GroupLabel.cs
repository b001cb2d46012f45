namespace DatasetForge.Export.Splitting;

/// <summary>The label a group of items is placed by, for split and fold assignment alike.</summary>
internal static class GroupLabel
{
    /// <summary>The most common label among the members; ties go to the ordinally first, so the choice is stable.</summary>
    public static string Majority<T>(IEnumerable<T> members, Func<T, string> label) =>
        members
            .GroupBy(label, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .First()
            .Key;
}
