using System.Security.Cryptography;
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
        // Hashed line by line: the same bytes as one joined text, without holding a million lines as one string
        // (and again as its UTF-8 bytes).
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[256];
        void Append(string text)
        {
            var length = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (length > buffer.Length)
            {
                buffer = new byte[Math.Max(length, buffer.Length * 2)];
            }

            hash.AppendData(buffer, 0, Encoding.UTF8.GetBytes(text, buffer));
        }

        foreach (var line in contentLines.Order(StringComparer.Ordinal))
        {
            Append(line);
            Append("\n");
        }

        Append("parent:" + parentId);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
