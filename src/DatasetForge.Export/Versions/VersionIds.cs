using System.Text;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;

namespace DatasetForge.Export.Versions;

/// <summary>Content-derived ids of items and versions.</summary>
public static class VersionIds
{
    /// <summary>The opaque item id of a crop: the first 16 hex digits of sha256("item:" + crop sha256).</summary>
    public static string Item(string cropSha256)
    {
        ContentHash.EnsureValid(cropSha256);
        return ContentHash.OfText("item:" + cropSha256)[..16];
    }

    /// <summary>One line of a version's content: item id, split, label and crop sha256, tab-separated.</summary>
    public static string ContentLine(string itemId, Split split, string label, string cropSha256) =>
        string.Join('\t', itemId, Core.Versions.VersionManifest.SplitName(split), label, cropSha256);

    /// <summary>
    /// The version id: the first 12 hex digits of sha256 over the sorted content lines (one per line) followed by
    /// "parent:" and the parent id (empty for the first version).
    /// </summary>
    public static string Version(IEnumerable<string> contentLines, string? parentId)
    {
        ArgumentNullException.ThrowIfNull(contentLines);
        var text = new StringBuilder();
        foreach (var line in contentLines.Order(StringComparer.Ordinal))
        {
            text.Append(line).Append('\n');
        }

        text.Append("parent:").Append(parentId ?? string.Empty);
        return ContentHash.OfText(text.ToString())[..12];
    }
}
