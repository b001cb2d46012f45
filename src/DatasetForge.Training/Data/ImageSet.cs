using TorchSharp;
using static TorchSharp.torch;

namespace DatasetForge.Training.Data;

/// <summary>
/// The images and class indices of one split, decoded once; builds normalised NCHW float batches (values in [-1, 1])
/// with optional seeded augmentation.
/// </summary>
public sealed class ImageSet
{
    private readonly IReadOnlyList<DecodedImage> _images;
    private readonly long[] _labels;

    public ImageSet(IReadOnlyList<VersionItem> items, IReadOnlyList<DecodedImage> images, int channels, int size)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(images);
        if (items.Count != images.Count)
        {
            throw new ArgumentException("Every item needs exactly one image.", nameof(images));
        }

        Items = items;
        _images = images;
        _labels = [.. items.Select(i => (long)i.ClassIndex)];
        Channels = channels;
        Size = size;
    }

    public IReadOnlyList<VersionItem> Items { get; }

    public int Count => Items.Count;

    public int Channels { get; }

    public int Size { get; }

    /// <summary>Decodes (or takes from <paramref name="cache"/>) the images of <paramref name="items"/>.</summary>
    public static ImageSet Load(
        IReadOnlyList<VersionItem> items, int size, int channels, DecodedImageCache cache, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(cache);
        var images = new DecodedImage[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            images[i] = cache.Get(items[i], size);
        }

        return new ImageSet(items, images, channels, size);
    }

    /// <summary>1 when every image is grey, else 3.</summary>
    public static int ChannelsOf(IEnumerable<VersionItem> items, int size, DecodedImageCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return items.Any(i => cache.Get(i, size).Channels > 1) ? 3 : 1;
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
        var data = new float[indices.Count * sample];
        var labels = new long[indices.Count];
        var values = new float[indices.Count];
        for (var b = 0; b < indices.Count; b++)
        {
            var index = indices[b];
            labels[b] = _labels[index];
            values[b] = (float)Items[index].Value;
            var destination = data.AsSpan(b * sample, sample);
            if (augmentation is null)
            {
                Fill(destination, _images[index], flip: false, 0, 0);
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
                Resample(destination, _images[index], flip, dx, dy, scale, angle);
            }
            else
            {
                Fill(destination, _images[index], flip, (int)Math.Round(dx), (int)Math.Round(dy));
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

    /// <summary>The decoded image of item <paramref name="index"/>.</summary>
    public DecodedImage ImageAt(int index) => _images[index];

    private void Resample(Span<float> destination, DecodedImage image, bool flip, double dx, double dy, double scale, double angle)
    {
        // Inverse mapping: for each output pixel, where it comes from in the source (bilinear); outside is 0, mid-grey.
        destination.Clear();
        var size = Size;
        var plane = size * size;
        var centre = (size - 1) / 2.0;
        var cos = Math.Cos(angle) * scale;
        var sin = Math.Sin(angle) * scale;
        var sourceChannels = image.Channels;
        var pixels = image.Pixels;
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

    private void Fill(Span<float> destination, DecodedImage image, bool flip, int dx, int dy)
    {
        // Shifted-in pixels are 0, the middle of the normalised range.
        destination.Clear();
        var size = Size;
        var plane = size * size;
        var sourceChannels = image.Channels;
        var pixels = image.Pixels;
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

                var source = ((sy * size) + sx) * sourceChannels;
                for (var c = 0; c < Channels; c++)
                {
                    var value = pixels[source + Math.Min(c, sourceChannels - 1)];
                    destination[(c * plane) + (y * size) + x] = (value / 127.5f) - 1f;
                }
            }
        }
    }
}
