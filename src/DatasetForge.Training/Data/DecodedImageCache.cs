using System.Collections.Concurrent;

namespace DatasetForge.Training.Data;

/// <summary>
/// Decoded images kept in memory, keyed by content hash and side, so that a second run (or evaluation) on the same
/// version in one process does not decode again. Stops adding once <see cref="CapacityBytes"/> is reached.
/// </summary>
public sealed class DecodedImageCache
{
    private readonly ConcurrentDictionary<(string Sha256, int Size), DecodedImage> _images = new();
    private long _bytes;

    public DecodedImageCache(long capacityBytes = 1L << 30)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        CapacityBytes = capacityBytes;
    }

    /// <summary>The cache the stages share by default (1 GiB).</summary>
    public static DecodedImageCache Shared { get; } = new();

    /// <summary>Most bytes of pixels kept.</summary>
    public long CapacityBytes { get; }

    /// <summary>Images held now.</summary>
    public int Count => _images.Count;

    /// <summary>Returns the decoded image of <paramref name="item"/> at <paramref name="size"/>, decoding it if needed.</summary>
    public DecodedImage Get(VersionItem item, int size)
    {
        ArgumentNullException.ThrowIfNull(item);
        var key = (item.Sha256.ToLowerInvariant(), size);
        if (_images.TryGetValue(key, out var cached))
        {
            return cached;
        }

        DecodedImage image;
        try
        {
            image = ImageDecoder.Decode(item.FilePath, size);
        }
        catch (Exception e) when (e is not OperationCanceledException and not InvalidDataException)
        {
            throw new InvalidDataException($"{item.FilePath} (item {item.Id}) could not be decoded: {e.Message}", e);
        }

        if (Interlocked.Add(ref _bytes, image.Pixels.Length) <= CapacityBytes)
        {
            _images.TryAdd(key, image);
        }
        else
        {
            Interlocked.Add(ref _bytes, -image.Pixels.Length);
        }

        return image;
    }
}
