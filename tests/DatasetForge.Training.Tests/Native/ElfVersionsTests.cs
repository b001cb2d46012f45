using DatasetForge.Torch.Native;

namespace DatasetForge.Training.Tests.Native;

public sealed class ElfVersionsTests
{
    private static string WrapperPath =>
        TorchNative.FindWrapper() ?? throw new FileNotFoundException("libLibTorchSharp.so is not in the test output.");

    [Fact]
    public void ReadVersionNeeds_RealWrapper_ListsGlibcxx3432FromLibStdCxx()
    {
        var needs = ElfVersions.ReadVersionNeeds(File.ReadAllBytes(WrapperPath));

        var need = needs.Single(n => n.Name == TorchNative.RequiredVersion);
        need.File.ShouldBe("libstdc++.so.6");
        need.IsWeak.ShouldBeFalse();
        needs.ShouldContain(n => n.File == "libc.so.6" && n.Name == "GLIBC_2.34");
    }

    [Fact]
    public void WeakenVersionNeed_RealWrapper_SetsOnlyTheWeakBitOfThatEntry()
    {
        var original = File.ReadAllBytes(WrapperPath);
        var patched = (byte[])original.Clone();

        ElfVersions.WeakenVersionNeed(patched, TorchNative.RequiredVersion).ShouldBe(ElfPatchOutcome.Patched);

        var need = ElfVersions.ReadVersionNeeds(patched).Single(n => n.Name == TorchNative.RequiredVersion);
        need.IsWeak.ShouldBeTrue();
        patched.Length.ShouldBe(original.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        changed.ShouldBe([(int)need.FlagsOffset]);
        (patched[need.FlagsOffset] ^ original[need.FlagsOffset]).ShouldBe(ElfVersions.WeakFlag);
        ElfVersions.ReadVersionNeeds(patched).Where(n => n.Name != TorchNative.RequiredVersion)
            .ShouldBe(ElfVersions.ReadVersionNeeds(original).Where(n => n.Name != TorchNative.RequiredVersion));
    }

    [Fact]
    public void WeakenVersionNeed_Twice_SecondTimeChangesNothing()
    {
        var image = File.ReadAllBytes(WrapperPath);
        ElfVersions.WeakenVersionNeed(image, TorchNative.RequiredVersion);
        var once = (byte[])image.Clone();

        ElfVersions.WeakenVersionNeed(image, TorchNative.RequiredVersion).ShouldBe(ElfPatchOutcome.AlreadyWeak);

        image.ShouldBe(once);
    }

    [Fact]
    public void WeakenVersionNeed_VersionNotNeeded_ChangesNothing()
    {
        var image = File.ReadAllBytes(WrapperPath);
        var before = (byte[])image.Clone();

        ElfVersions.WeakenVersionNeed(image, "GLIBCXX_9.9.99").ShouldBe(ElfPatchOutcome.NotNeeded);

        image.ShouldBe(before);
    }

    [Fact]
    public void ReadVersionDefinitions_SystemLibStdCxx_DefinesGlibcxx34()
    {
        TorchNative.SystemLibStdCxxHasRequiredVersion(out var path).ShouldNotBeNull();

        var defined = ElfVersions.ReadVersionDefinitions(File.ReadAllBytes(path!));

        defined.ShouldContain("GLIBCXX_3.4");
        defined.ShouldContain("CXXABI_1.3");
    }

    [Fact]
    public void ReadVersionNeeds_NotElf_IsAClearError()
    {
        Should.Throw<InvalidDataException>(() => ElfVersions.ReadVersionNeeds(new byte[128]))
            .Message.ShouldContain("Not an ELF file");
    }

    [Fact]
    public void WritePatchedCopy_CalledTwice_WritesOnceAndLeavesTheOriginalAlone()
    {
        var cache = Path.Combine(Path.GetTempPath(), "forge-native-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var originalHash = DatasetForge.Core.Workspace.ContentHash.Of(File.ReadAllBytes(WrapperPath));

            var first = TorchNative.WritePatchedCopy(WrapperPath, cache);
            var written = File.GetLastWriteTimeUtc(first!);
            var second = TorchNative.WritePatchedCopy(WrapperPath, cache);

            second.ShouldBe(first);
            File.GetLastWriteTimeUtc(second!).ShouldBe(written);
            Directory.GetFiles(Path.GetDirectoryName(first)!).ShouldBe([first!]);
            ElfVersions.ReadVersionNeeds(File.ReadAllBytes(first!)).Single(n => n.Name == TorchNative.RequiredVersion).IsWeak.ShouldBeTrue();
            DatasetForge.Core.Workspace.ContentHash.Of(File.ReadAllBytes(WrapperPath)).ShouldBe(originalHash);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
