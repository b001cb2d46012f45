using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;

namespace DatasetForge.Training.Data;

/// <summary>
/// The decoded pixels of every image of a version at one side, in one file: decoded once (in parallel), then
/// memory-mapped by every later run, evaluation, fold and ensemble of that version, so images are never decoded twice
/// and a dataset larger than memory is paged by the operating system rather than held by the process.
/// </summary>
/// <remarks>
/// Layout, little-endian: a 64-byte header (<c>DFTENSOR</c>, format, side, entry count, then the sha256 of the sorted
/// item hashes and the side, which is what makes a file belong to one set of images); an index of one 48-byte entry per
/// distinct image (its sha256, the offset of its pixels, its channel count); then the pixels, HWC bytes, RGB or grey.
/// The file is written beside its target and renamed over it, so a crash or Ctrl-C leaves the old file or none. The
/// file is a cache: deleting it costs one decode.
/// </remarks>
public sealed class TensorFile : IDisposable
{
    /// <summary>
    /// Version of the file layout and of the decoding behind it; a file of another version is rebuilt. 2: grey pictures
    /// stored in colour files are kept as one channel.
    /// </summary>
    public const int Format = 2;

    private const int HeaderBytes = 64;
    private const int EntryBytes = 48;
    private const int DecodeChunk = 256;
    private static readonly byte[] Magic = "DFTENSOR"u8.ToArray();

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly Dictionary<string, int> _entries;
    private readonly long[] _offsets;
    private readonly int[] _channels;
    private bool _disposed;

    private TensorFile(string path, int side, MemoryMappedFile map, MemoryMappedViewAccessor view, Dictionary<string, int> entries, long[] offsets, int[] channels, bool decoded)
    {
        Path = path;
        Side = side;
        _map = map;
        _view = view;
        _entries = entries;
        _offsets = offsets;
        _channels = channels;
        Decoded = decoded;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>Side of every image, in pixels.</summary>
    public int Side { get; }

    /// <summary>Distinct images held.</summary>
    public int Count => _offsets.Length;

    /// <summary>Whether opening this file decoded the images (false: an existing file was reused).</summary>
    public bool Decoded { get; }

    /// <summary>
    /// Opens the tensor file of <paramref name="items"/> at <paramref name="side"/> at <paramref name="path"/>, decoding
    /// the images into it first when it is missing or belongs to another set of images. <paramref name="progress"/>
    /// receives the number of images decoded so far. A file that cannot be decoded stops it with an
    /// <see cref="InvalidDataException"/> naming the file and the item.
    /// </summary>
    public static TensorFile Open(
        IReadOnlyCollection<VersionItem> items, int side, string path, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var distinct = Distinct(items);
        var key = KeyOf(distinct.Keys, side);
        var existing = TryOpen(path, side, key);
        if (existing is not null)
        {
            return existing;
        }

        Write(distinct, side, key, path, progress, cancellationToken);
        return TryOpen(path, side, key, decoded: true)
            ?? throw new InvalidDataException($"{path}: the tensor file just written could not be read back.");
    }

    /// <summary>
    /// Opens (decoding on first use) the tensor file of every item of <paramref name="version"/> at <paramref name="side"/>,
    /// kept in <paramref name="workspace"/>'s cache folder.
    /// </summary>
    public static TensorFile OpenVersion(
        DatasetWorkspace workspace, VersionData version, int side, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Open(version.Items, side, PathFor(workspace, version.Id, side), progress, cancellationToken);
    }

    /// <summary>
    /// <see cref="OpenVersion(DatasetWorkspace, VersionData, int, IProgress{int}?, CancellationToken)"/> for a stage,
    /// reporting the decoding as the stage's "decode" step.
    /// </summary>
    public static TensorFile OpenVersion(StageContext context, PipelineStage stage, VersionData version, int side, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(version);
        var total = version.Items.Select(i => i.Sha256).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        // Reported on the decoding thread: a report posted to the thread pool could land after the epochs that follow.
        var progress = new ImmediateProgress<int>(done => context.Progress.Report(new StageProgress(stage, "decode", done, total)));
        return OpenVersion(context.Workspace, version, side, progress, cancellationToken);
    }

    /// <summary>The path of the tensor file of version <paramref name="versionId"/> at <paramref name="side"/> in <paramref name="workspace"/>.</summary>
    public static string PathFor(DatasetWorkspace workspace, string versionId, int side)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentException.ThrowIfNullOrWhiteSpace(versionId);
        return System.IO.Path.Combine(workspace.CacheDirectory, "tensors", $"{versionId}-{side}.bin");
    }

    /// <summary>Whether the file holds the image with this sha256.</summary>
    public bool Contains(string sha256) => _entries.ContainsKey(sha256.ToLowerInvariant());

    /// <summary>The entry of the image with this sha256; throws naming the item when the file does not hold it.</summary>
    public int EntryOf(VersionItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return _entries.TryGetValue(item.Sha256.ToLowerInvariant(), out var entry)
            ? entry
            : throw new ArgumentException($"Item {item.Id} ({item.FilePath}) is not in the tensor file {Path}.", nameof(item));
    }

    /// <summary>Channels of entry <paramref name="entry"/>: 1 (grey) or 3 (RGB).</summary>
    public int ChannelsAt(int entry) => _channels[entry];

    /// <summary>Bytes of entry <paramref name="entry"/>'s pixels.</summary>
    public int LengthAt(int entry) => Side * Side * _channels[entry];

    /// <summary>Copies the pixels of entry <paramref name="entry"/> into the start of <paramref name="buffer"/>.</summary>
    public void CopyTo(int entry, byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _view.ReadArray(_offsets[entry], buffer, 0, LengthAt(entry));
    }

    /// <summary>The decoded image of <paramref name="item"/>, copied out of the file.</summary>
    public DecodedImage Read(VersionItem item) => Read(EntryOf(item));

    /// <summary>The decoded image of entry <paramref name="entry"/>, copied out of the file.</summary>
    public DecodedImage Read(int entry)
    {
        var pixels = new byte[LengthAt(entry)];
        CopyTo(entry, pixels);
        return new DecodedImage(Side, _channels[entry], pixels);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _view.Dispose();
        _map.Dispose();
    }

    private static SortedDictionary<string, VersionItem> Distinct(IEnumerable<VersionItem> items)
    {
        var distinct = new SortedDictionary<string, VersionItem>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            distinct.TryAdd(item.Sha256.ToLowerInvariant(), item);
        }

        return distinct;
    }

    private static byte[] KeyOf(IEnumerable<string> sortedHashes, int side)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.ASCII.GetBytes($"side={side};format={Format};"));
        foreach (var sha in sortedHashes)
        {
            hash.AppendData(Encoding.ASCII.GetBytes(sha));
            hash.AppendData("\n"u8);
        }

        return hash.GetHashAndReset();
    }

    private static TensorFile? TryOpen(string path, int side, byte[] key, bool decoded = false)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        byte[] index;
        long length;
        using (var stream = File.OpenRead(path))
        {
            // Header and index in one read of the file; the pixels are only ever mapped.
            length = stream.Length;
            if (length < HeaderBytes)
            {
                return null;
            }

            var header = new byte[HeaderBytes];
            stream.ReadExactly(header);
            var entryCount = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16));
            if (!header.AsSpan(0, 8).SequenceEqual(Magic)
                || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)) != Format
                || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12)) != side
                || !header.AsSpan(32, 32).SequenceEqual(key)
                || entryCount < 0
                || length < HeaderBytes + ((long)entryCount * EntryBytes))
            {
                return null;
            }

            index = new byte[entryCount * EntryBytes];
            stream.ReadExactly(index);
        }

        var count = index.Length / EntryBytes;
        var entries = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var offsets = new long[count];
        var channels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var entry = index.AsSpan(i * EntryBytes, EntryBytes);
            entries[Convert.ToHexStringLower(entry[..32])] = i;
            offsets[i] = BinaryPrimitives.ReadInt64LittleEndian(entry[32..]);
            channels[i] = BinaryPrimitives.ReadInt32LittleEndian(entry[40..]);
            if ((channels[i] != 1 && channels[i] != 3) || offsets[i] + ((long)side * side * channels[i]) > length)
            {
                // A truncated or damaged file: treated as missing and written again.
                return null;
            }
        }

        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        return new TensorFile(path, side, map, view, entries, offsets, channels, decoded);
    }

    private static void Write(
        SortedDictionary<string, VersionItem> distinct, int side, byte[] key, string path, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var items = distinct.Values.ToArray();
        var hashes = distinct.Keys.ToArray();
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20))
            {
                var header = new byte[HeaderBytes];
                Magic.CopyTo(header, 0);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Format);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), side);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), items.Length);
                key.CopyTo(header, 32);
                stream.Write(header);

                // The index is written last, once the offsets and channels are known; its room is reserved here.
                stream.SetLength(HeaderBytes + ((long)items.Length * EntryBytes));
                stream.Seek(0, SeekOrigin.End);
                var offsets = new long[items.Length];
                var channels = new int[items.Length];
                var decoded = new DecodedImage[Math.Min(DecodeChunk, Math.Max(1, items.Length))];
                for (var start = 0; start < items.Length; start += DecodeChunk)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var count = Math.Min(DecodeChunk, items.Length - start);
                    try
                    {
                        Parallel.For(
                            0,
                            count,
                            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
                            i => decoded[i] = Decode(items[start + i], side));
                    }
                    catch (AggregateException e) when (e.InnerExceptions.Count > 0)
                    {
                        // The first image that failed, as itself rather than wrapped: its message names the file and the item.
                        ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                        throw;
                    }

                    for (var i = 0; i < count; i++)
                    {
                        offsets[start + i] = stream.Position;
                        channels[start + i] = decoded[i].Channels;
                        stream.Write(decoded[i].Pixels);
                    }

                    progress?.Report(start + count);
                }

                var index = new byte[items.Length * EntryBytes];
                for (var i = 0; i < items.Length; i++)
                {
                    var entry = index.AsSpan(i * EntryBytes, EntryBytes);
                    Convert.FromHexString(hashes[i], entry[..32], out _, out _);
                    BinaryPrimitives.WriteInt64LittleEndian(entry[32..], offsets[i]);
                    BinaryPrimitives.WriteInt32LittleEndian(entry[40..], channels[i]);
                }

                stream.Seek(HeaderBytes, SeekOrigin.Begin);
                stream.Write(index);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static DecodedImage Decode(VersionItem item, int side)
    {
        try
        {
            return ImageDecoder.Decode(item.FilePath, side);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Item {item.Id}: {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"{item.FilePath} (item {item.Id}) could not be decoded: {e.Message}", e);
        }
    }
}
