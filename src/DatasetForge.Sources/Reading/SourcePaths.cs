using DatasetForge.Core.Definitions;

namespace DatasetForge.Sources.Reading;

/// <summary>Paths as people read them in decisions: relative to the manifest's folder when inside it, else absolute.</summary>
internal static class SourcePaths
{
    public static string Display(SourceManifest source, string path)
    {
        var baseDirectory = source.FilePath is { } file ? Path.GetDirectoryName(file) : null;
        if (baseDirectory is null)
        {
            return path;
        }

        var relative = Path.GetRelativePath(baseDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }

    /// <summary>The path of <paramref name="file"/> under <paramref name="root"/> with '/' separators: an item's stable key.</summary>
    public static string Key(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');

    /// <summary>Every file under <paramref name="root"/> with one of the extensions, in ordinal order (stable across runs and machines).</summary>
    public static IEnumerable<string> ImageFiles(string root, IReadOnlyList<string> extensions, SearchOption search)
    {
        var wanted = extensions.Select(e => e.StartsWith('.') ? e : "." + e).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Directory.EnumerateFiles(root, "*", new EnumerationOptions
            {
                RecurseSubdirectories = search == SearchOption.AllDirectories,
                IgnoreInaccessible = true,
                AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
            })
            .Where(f => wanted.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal);
    }

    public static string Require(string? path, string field) =>
        path ?? throw new ImportSourceException($"the manifest gives no '{field}'");
}
