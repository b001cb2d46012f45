namespace DatasetForge.Torch.Native;

/// <summary>What <see cref="ElfVersions.WeakenVersionNeed"/> did to an image.</summary>
public enum ElfPatchOutcome
{
    /// <summary>The library does not need that version; nothing changed.</summary>
    NotNeeded,

    /// <summary>The version need was already weak; nothing changed.</summary>
    AlreadyWeak,

    /// <summary>The weak flag was set on the version need.</summary>
    Patched,
}
