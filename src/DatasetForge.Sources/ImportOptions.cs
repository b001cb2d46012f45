namespace DatasetForge.Sources;

/// <summary>Limits and batching of the import stage. Every default is documented and checked by <see cref="Validate"/>.</summary>
public sealed class ImportOptions
{
    /// <summary>Items written to the catalogue per transaction. Default 256.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Items read, hashed and decoded at once. Default: one per core.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Largest image file imported, in bytes. Default 50 MB.</summary>
    public long MaxImageBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Largest image imported, in pixels. Default 50 megapixels (as curation's default).</summary>
    public long MaxPixels { get; init; } = 50_000_000;

    /// <summary>
    /// Flush every stored image to the disk before naming it. Default false: the originals stay where they are, and a
    /// blob cut short by a power cut is noticed by its length and rewritten by the next import; a flush costs ~3 ms per
    /// file here, three times the rest of importing a small JPEG.
    /// </summary>
    public bool FlushToDisk { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxParallelism, 1, nameof(MaxParallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxImageBytes, 1, nameof(MaxImageBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPixels, 1, nameof(MaxPixels));
    }
}
