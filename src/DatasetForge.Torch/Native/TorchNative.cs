using System.Reflection;
using System.Runtime.InteropServices;
using DatasetForge.Core.Workspace;
using TorchSharp;

namespace DatasetForge.Torch.Native;

/// <summary>
/// Makes TorchSharp's native wrapper load on systems whose libstdc++ is older than the one it was built against
/// (Debian 12: libstdc++ up to GLIBCXX_3.4.30, <c>libLibTorchSharp.so</c> asks for GLIBCXX_3.4.32).
/// </summary>
/// <remarks>
/// The only symbol behind GLIBCXX_3.4.32 in the wrapper is referenced without a relocation, so marking that version need
/// weak (<c>VER_FLG_WEAK</c>) is enough for the dynamic loader to accept it. The patched copy is written once into a cache
/// folder named by the original's sha256, loaded by full path, and handed to TorchSharp's P/Invokes through a
/// <see cref="NativeLibrary.SetDllImportResolver"/> callback. TorchSharp's own probe by name then finds it too, because
/// the loader matches the name <c>libLibTorchSharp.so</c> against the SONAME of the already loaded copy.
/// On a system whose libstdc++ defines GLIBCXX_3.4.32, or off linux-x64, nothing is done.
/// Call <see cref="EnsureLoaded"/> before the first <c>torch</c> call; later calls return the first result.
/// </remarks>
public static class TorchNative
{
    /// <summary>The version the wrapper needs and Debian 12 lacks.</summary>
    public const string RequiredVersion = "GLIBCXX_3.4.32";

    /// <summary>File name of TorchSharp's native wrapper on Linux.</summary>
    public const string WrapperFileName = "libLibTorchSharp.so";

    /// <summary>Environment variable that overrides the cache folder of the patched wrapper.</summary>
    public const string CacheVariable = "DATASETFORGE_NATIVE_CACHE";

    // libtorch's own libraries, loaded from their folder before the patched wrapper so that its $ORIGIN run path,
    // which points into the cache folder, is never needed to find them.
    private static readonly string[] Dependencies = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];

    private static readonly Lock Gate = new();
    private static TorchNativeState? _state;
    private static IntPtr _wrapper;

    /// <summary>The result of the first <see cref="EnsureLoaded"/> call, or null before it.</summary>
    public static TorchNativeState? State
    {
        get
        {
            lock (Gate)
            {
                return _state;
            }
        }
    }

    /// <summary>
    /// The default cache folder: <c>$DATASETFORGE_NATIVE_CACHE</c>, else <c>$XDG_CACHE_HOME/datasetforge/native</c>,
    /// else <c>~/.cache/datasetforge/native</c>, else the temp folder.
    /// </summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(CacheVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured;
            }

            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrWhiteSpace(xdg))
            {
                return Path.Combine(xdg, "datasetforge", "native");
            }

            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return string.IsNullOrEmpty(home)
                ? Path.Combine(Path.GetTempPath(), "datasetforge-native")
                : Path.Combine(home, ".cache", "datasetforge", "native");
        }
    }

    /// <summary>Patches and registers the native wrapper if this system needs it; idempotent and thread-safe.</summary>
    public static TorchNativeState EnsureLoaded(string? cacheDirectory = null)
    {
        lock (Gate)
        {
            return _state ??= Load(cacheDirectory ?? DefaultCacheDirectory);
        }
    }

    /// <summary>Whether the libstdc++ this process uses defines <see cref="RequiredVersion"/>; null when it cannot be found.</summary>
    public static bool? SystemLibStdCxxHasRequiredVersion(out string? libraryPath)
    {
        libraryPath = FindLibStdCxx();
        if (libraryPath is null)
        {
            return null;
        }

        return ElfVersions.ReadVersionDefinitions(File.ReadAllBytes(libraryPath)).Contains(RequiredVersion);
    }

    /// <summary>Folders where the wrapper is looked for, in order: the host's native probe paths, then the app's folders.</summary>
    public static IReadOnlyList<string> NativeSearchDirectories()
    {
        var folders = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string probing)
        {
            folders.AddRange(probing.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var torchSharp = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        foreach (var root in new[] { AppContext.BaseDirectory, torchSharp })
        {
            if (!string.IsNullOrEmpty(root))
            {
                folders.Add(root);
                folders.Add(Path.Combine(root, "runtimes", "linux-x64", "native"));
            }
        }

        if (!string.IsNullOrEmpty(torchSharp))
        {
            // TorchSharp.dll loaded straight from the NuGet cache: lib/net8.0 sits beside runtimes/.
            folders.Add(Path.GetFullPath(Path.Combine(torchSharp, "..", "..", "runtimes", "linux-x64", "native")));
        }

        return [.. folders.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The original wrapper this app would load, or null when none is found.</summary>
    public static string? FindWrapper() =>
        NativeSearchDirectories().Select(d => Path.Combine(d, WrapperFileName)).FirstOrDefault(File.Exists);

    /// <summary>
    /// Writes the patched copy of <paramref name="originalPath"/> into <paramref name="cacheDirectory"/> (once per original
    /// content) and returns its path, or null when the original needs no patch.
    /// </summary>
    public static string? WritePatchedCopy(string originalPath, string cacheDirectory)
    {
        var image = File.ReadAllBytes(originalPath);
        var originalHash = ContentHash.Of(image);
        if (ElfVersions.WeakenVersionNeed(image, RequiredVersion) != ElfPatchOutcome.Patched)
        {
            return null;
        }

        var folder = Path.Combine(cacheDirectory, originalHash[..16]);
        var target = Path.Combine(folder, WrapperFileName);
        var expected = ContentHash.Of(image);
        if (File.Exists(target) && ContentHash.Of(File.ReadAllBytes(target)) == expected)
        {
            return target;
        }

        Directory.CreateDirectory(folder);
        // Written beside the target and renamed over it, so a process that loads it never sees half a file.
        var temp = Path.Combine(folder, $".{WrapperFileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, image);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        File.Move(temp, target, overwrite: true);
        return target;
    }

    private static TorchNativeState Load(string cacheDirectory)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return new TorchNativeState(false, null, "Not linux-x64: TorchSharp's own loading is used.");
        }

        var hasVersion = SystemLibStdCxxHasRequiredVersion(out var libStdCxx);
        if (hasVersion is null)
        {
            return new TorchNativeState(false, null, "libstdc++.so.6 was not found; TorchSharp's own loading is used.");
        }

        if (hasVersion.Value)
        {
            return new TorchNativeState(false, null, $"{libStdCxx} defines {RequiredVersion}; nothing to patch.");
        }

        var original = FindWrapper() ?? throw new FileNotFoundException(
            $"{WrapperFileName} was not found in any of: {string.Join(", ", NativeSearchDirectories())}.", WrapperFileName);
        var patched = WritePatchedCopy(original, cacheDirectory);
        if (patched is null)
        {
            return new TorchNativeState(false, null, $"{original} does not need {RequiredVersion} as a hard requirement.");
        }

        PreloadDependencies(Path.GetDirectoryName(original)!);
        try
        {
            _wrapper = NativeLibrary.Load(patched);
        }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException($"The patched TorchSharp wrapper {patched} (from {original}) did not load: {e.Message}", e);
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Someone else registered a resolver for TorchSharp; the loader's SONAME match still serves the patched copy.
        }

        return new TorchNativeState(true, patched, $"{libStdCxx} lacks {RequiredVersion}; loaded the patched copy {patched} of {original}.");
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName is "LibTorchSharp" or "libLibTorchSharp" or WrapperFileName ? _wrapper : IntPtr.Zero;

    private static void PreloadDependencies(string wrapperFolder)
    {
        var folders = new[] { wrapperFolder }.Concat(NativeSearchDirectories()).ToList();
        foreach (var name in Dependencies)
        {
            var path = folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
            if (path is not null)
            {
                // A library that does not load here (a CUDA library without a driver) is left for libtorch to report.
                NativeLibrary.TryLoad(path, out _);
            }
        }
    }

    private static string? FindLibStdCxx()
    {
        if (NativeLibrary.TryLoad("libstdc++.so.6", out _))
        {
            // The copy the loader picked is the one the wrapper will bind to; /proc/self/maps names it.
            try
            {
                foreach (var line in File.ReadLines("/proc/self/maps"))
                {
                    var slash = line.IndexOf('/', StringComparison.Ordinal);
                    if (slash >= 0 && Path.GetFileName(line[slash..]).StartsWith("libstdc++.so", StringComparison.Ordinal))
                    {
                        return line[slash..].Trim();
                    }
                }
            }
            catch (IOException)
            {
                // No /proc: fall back to the usual folders.
            }
        }

        string[] usual = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib"];
        return usual.Select(d => Path.Combine(d, "libstdc++.so.6")).FirstOrDefault(File.Exists);
    }
}
