using TorchSharp;
using static TorchSharp.torch;

namespace DatasetForge.Training.Data;

/// <summary>
/// The images and class indices of one split: decoded images in memory, or entries of a version's
/// <see cref="TensorFile"/>. Builds normalised NCHW float batches (values in [-1, 1]) with optional seeded augmentation.
/// </summary>
public sealed class ImageSet
{
    private readonly IReadOnlyList<DecodedImage>? _images;
    private readonly TensorFile? _file;
    private readonly int[]? _entries;
    private readonly long[] _labels;

    /// <summary>A set over images held in memory, one per item.</summary>
    public ImageSet(IReadOnlyList<VersionItem> items, IReadOnlyList<DecodedImage> images, int channels, int size)
        : this(items, channels, size)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (items.Count != images.Count)
        {
            throw new ArgumentException("Every item needs exactly one image.", nameof(images));
        }

        _images = images;
    }

    private ImageSet(IReadOnlyList<VersionItem> items, TensorFile file, int channels)
        : this(items, channels, file.Side)
    {
        _file = file;
        _entries = [.. items.Select(file.EntryOf)];
    }

    private ImageSet(IReadOnlyList<VersionItem> items, int channels, int size)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 or 3.");
        }

        Items = items;
        _labels = [.. items.Select(i => (long)i.ClassIndex)];
        Channels = channels;
        Size = size;
    }

    public IReadOnlyList<VersionItem> Items { get; }

    public int Count => Items.Count;

    public int Channels { get; }

    public int Size { get; }

    /// <summary>
    /// The set of <paramref name="items"/> read from <paramref name="file"/>, which must hold every one of them. The set
    /// reads the file on every batch: dispose the file only after the set is no longer used.
    /// </summary>
    public static ImageSet FromFile(IReadOnlyList<VersionItem> items, TensorFile file, int channels)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new ImageSet(items, file, channels);
    }

    /// <summary>3 when any of <paramref name="items"/> is in colour in <paramref name="file"/>, else 1.</summary>
    public static int ChannelsOf(IEnumerable<VersionItem> items, TensorFile file)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(file);
        return items.Any(i => file.ChannelsAt(file.EntryOf(i)) > 1) ? 3 : 1;
    }

    /// <summary>Builds the input and label tensors of <paramref name="indices"/> on <paramref name="device"/>.</summary>
    public (Tensor Input, Tensor Labels) Batch(IReadOnlyList<int> indices, Device device, Augmentation? augmentation = null, Random? random = null)
    {
        var prepared = Prepare(indices, augmentation, random);
        var (input, labels, _) = ToTensors(prepared, device);
        return (input, labels);
    }

    /// <summary>
    /// Builds the pixels and labels of <paramref name="indices"/> on the calling thread, with seeded augmentation when
    /// <paramref name="augmentation"/> is given. Safe to call from a worker thread: it only reads the decoded images.
    /// </summary>
    public PreparedBatch Prepare(IReadOnlyList<int> indices, Augmentation? augmentation = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (augmentation is not null)
        {
            ArgumentNullException.ThrowIfNull(random);
        }

        var sample = Channels * Size * Size;
        var scratch = _file is null ? null : new byte[Size * Size * 3];
        var data = new float[indices.Count * sample];
        var labels = new long[indices.Count];
        var values = new float[indices.Count];
        for (var b = 0; b < indices.Count; b++)
        {
            var index = indices[b];
            labels[b] = _labels[index];
            values[b] = (float)Items[index].Value;
            var destination = data.AsSpan(b * sample, sample);
            var (pixels, sourceChannels) = PixelsOf(index, scratch);
            if (augmentation is null)
            {
                Fill(destination, pixels, sourceChannels, flip: false, 0, 0);
                continue;
            }

            var maxShift = augmentation.MaxShiftFraction * Size;
            var flip = random!.NextDouble() < augmentation.FlipProbability;
            var dx = maxShift > 0 ? (random.NextDouble() * 2 - 1) * maxShift : 0;
            var dy = maxShift > 0 ? (random.NextDouble() * 2 - 1) * maxShift : 0;
            if (augmentation.Resamples)
            {
                var scale = augmentation.MinCropScale + (random.NextDouble() * (1 - augmentation.MinCropScale));
                var angle = (random.NextDouble() * 2 - 1) * augmentation.RotationDegrees * Math.PI / 180;
                Resample(destination, pixels, sourceChannels, flip, dx, dy, scale, angle);
            }
            else
            {
                Fill(destination, pixels, sourceChannels, flip, (int)Math.Round(dx), (int)Math.Round(dy));
            }

            if (augmentation.ColourJitter > 0)
            {
                var brightness = 1 + ((random.NextDouble() * 2 - 1) * augmentation.ColourJitter);
                var contrast = 1 + ((random.NextDouble() * 2 - 1) * augmentation.ColourJitter);
                Jitter(destination, (float)brightness, (float)contrast);
            }
        }

        return new PreparedBatch([.. indices], data, labels, values);
    }

    /// <summary>The input, class-index and numeric-label tensors of a prepared batch, on <paramref name="device"/>.</summary>
    public (Tensor Input, Tensor Labels, Tensor Values) ToTensors(PreparedBatch batch, Device device)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var input = torch.tensor(batch.Pixels, [batch.Labels.Length, Channels, Size, Size]);
        var target = torch.tensor(batch.Labels);
        var values = torch.tensor(batch.Values);
        if (device.type == DeviceType.CPU)
        {
            return (input, target, values);
        }

        return (input.to(device), target.to(device), values.to(device));
    }

    /// <summary>The decoded image of item <paramref name="index"/> (a copy when the set reads a tensor file).</summary>
    public DecodedImage ImageAt(int index) => _images is not null ? _images[index] : _file!.Read(_entries![index]);

    private (ReadOnlyMemory<byte> Pixels, int Channels) PixelsOf(int index, byte[]? scratch)
    {
        if (_images is not null)
        {
            var image = _images[index];
            if (image.Size != Size)
            {
                throw new InvalidDataException($"Item {Items[index].Id} is {image.Size} px, the set {Size} px.");
            }

            return (image.Pixels, image.Channels);
        }

        var entry = _entries![index];
        _file!.CopyTo(entry, scratch!);
        return (scratch.AsMemory(0, _file.LengthAt(entry)), _file.ChannelsAt(entry));
    }

    private void Resample(Span<float> destination, ReadOnlyMemory<byte> source, int sourceChannels, bool flip, double dx, double dy, double scale, double angle)
    {
        // Inverse mapping: for each output pixel, where it comes from in the source (bilinear); outside is 0, mid-grey.
        destination.Clear();
        var size = Size;
        var plane = size * size;
        var centre = (size - 1) / 2.0;
        var cos = Math.Cos(angle) * scale;
        var sin = Math.Sin(angle) * scale;
        var pixels = source.Span;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var ox = x - centre - dx;
                var oy = y - centre - dy;
                var sx = (cos * ox) - (sin * oy) + centre;
                var sy = (sin * ox) + (cos * oy) + centre;
                if (flip)
                {
                    sx = size - 1 - sx;
                }

                if (sx < 0 || sy < 0 || sx > size - 1 || sy > size - 1)
                {
                    continue;
                }

                var x0 = (int)sx;
                var y0 = (int)sy;
                var x1 = Math.Min(x0 + 1, size - 1);
                var y1 = Math.Min(y0 + 1, size - 1);
                var fx = (float)(sx - x0);
                var fy = (float)(sy - y0);
                for (var c = 0; c < Channels; c++)
                {
                    var sc = Math.Min(c, sourceChannels - 1);
                    var top = (pixels[(((y0 * size) + x0) * sourceChannels) + sc] * (1 - fx)) + (pixels[(((y0 * size) + x1) * sourceChannels) + sc] * fx);
                    var bottom = (pixels[(((y1 * size) + x0) * sourceChannels) + sc] * (1 - fx)) + (pixels[(((y1 * size) + x1) * sourceChannels) + sc] * fx);
                    var value = (top * (1 - fy)) + (bottom * fy);
                    destination[(c * plane) + (y * size) + x] = (value / 127.5f) - 1f;
                }
            }
        }
    }

    private static void Jitter(Span<float> destination, float brightness, float contrast)
    {
        // Contrast about the middle of the range, then brightness as a gain on [0, 1] intensities; clamped to [-1, 1].
        for (var i = 0; i < destination.Length; i++)
        {
            var unit = (((destination[i] * 0.5f) * contrast) + 0.5f) * brightness;
            destination[i] = Math.Clamp((unit * 2) - 1, -1f, 1f);
        }
    }

    private void Fill(Span<float> destination, ReadOnlyMemory<byte> source, int sourceChannels, bool flip, int dx, int dy)
    {
        // Shifted-in pixels are 0, the middle of the normalised range.
        destination.Clear();
        var size = Size;
        var plane = size * size;
        var pixels = source.Span;
        for (var y = 0; y < size; y++)
        {
            var sy = y - dy;
            if (sy < 0 || sy >= size)
            {
                continue;
            }

            for (var x = 0; x < size; x++)
            {
                var sx = x - dx;
                if (sx < 0 || sx >= size)
                {
                    continue;
                }

                if (flip)
                {
                    sx = size - 1 - sx;
                }

                var at = ((sy * size) + sx) * sourceChannels;
                for (var c = 0; c < Channels; c++)
                {
                    var value = pixels[at + Math.Min(c, sourceChannels - 1)];
                    destination[(c * plane) + (y * size) + x] = (value / 127.5f) - 1f;
                }
            }
        }
    }
}
