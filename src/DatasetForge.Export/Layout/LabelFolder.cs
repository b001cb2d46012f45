using System.Text;
using DatasetForge.Core.Workspace;

namespace DatasetForge.Export.Layout;

/// <summary>Folder names for labels that are safe on every file system and can never leave their parent folder.</summary>
public static class LabelFolder
{
    private const int MaxLength = 64;

    /// <summary>
    /// The folder name of <paramref name="label"/>: the label itself when it is made only of ASCII letters, digits,
    /// '-', '_' and inner '.', and is at most 64 characters; otherwise those characters with every other one replaced
    /// by '_', plus '-' and the first 8 hex digits of the label's sha256, so distinct labels keep distinct folders.
    /// </summary>
    public static string For(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var safe = new StringBuilder(label.Length);
        foreach (var c in label)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        var text = safe.ToString().Trim('.');
        if (text.Length > 0 && text == label && text.Length <= MaxLength)
        {
            return text;
        }

        if (text.Length > MaxLength - 9)
        {
            text = text[..(MaxLength - 9)];
        }

        return (text.Length == 0 ? "label" : text) + "-" + ContentHash.OfText(label)[..8];
    }
}
