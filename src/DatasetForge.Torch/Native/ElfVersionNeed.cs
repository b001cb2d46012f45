namespace DatasetForge.Torch.Native;

/// <summary>One version a shared library needs from another (an entry of <c>.gnu.version_r</c>).</summary>
/// <param name="File">The library the version is needed from, for example <c>libstdc++.so.6</c>.</param>
/// <param name="Name">The version name, for example <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Flags">The entry's <c>vna_flags</c>; bit 0x2 (<c>VER_FLG_WEAK</c>) makes a missing version non-fatal.</param>
/// <param name="FlagsOffset">File offset of <c>vna_flags</c>.</param>
public sealed record ElfVersionNeed(string File, string Name, ushort Flags, long FlagsOffset)
{
    /// <summary>Whether the loader only warns when the version is missing.</summary>
    public bool IsWeak => (Flags & ElfVersions.WeakFlag) != 0;
}
