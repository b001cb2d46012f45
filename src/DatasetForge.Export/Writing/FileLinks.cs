using System.Runtime.InteropServices;

namespace DatasetForge.Export.Writing;

/// <summary>
/// Puts a crop into a version folder as a hard link where the file system allows it (one directory entry, no bytes
/// copied), else as a copy. A link is as immutable as a copy here: a crop is only ever replaced by writing a new file and
/// renaming it over the old name (<see cref="Core.Workspace.AtomicFile"/>), which leaves the version's link on the old
/// bytes, and deleting a crop (<c>forge forget</c>) removes only the crops folder's name for it.
/// </summary>
internal static partial class FileLinks
{
    /// <summary>Links (or, failing that, copies) <paramref name="source"/> to the new file <paramref name="destination"/>; true when linked.</summary>
    public static bool LinkOrCopy(string source, string destination, bool link)
    {
        if (link && !OperatingSystem.IsWindows() && Link(source, destination) == 0)
        {
            return true;
        }

        // Another file system (EXDEV), one without links, or links turned off: the bytes are copied.
        File.Copy(source, destination);
        return false;
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string created);
}
