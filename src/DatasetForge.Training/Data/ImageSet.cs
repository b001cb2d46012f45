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
        ArgumentNullException.ThrowIfNull(indices);
        if (augmentation is not null)
        {
            ArgumentNullException.ThrowIfNull(random);
        }

        var plane = Size * Size;
        var sample = Channels * plane;
        var data = new float[indices.Count * sample];
        var labels = new long[indices.Count];
        var maxShift = augmentation is null ? 0 : (int)Math.Floor(Size * augmentation.MaxShiftFraction);
        for (var b = 0; b < indices.Count; b++)
        {
            var index = indices[b];
            labels[b] = _labels[index];
            var flip = augmentation is not null && random!.NextDouble() < augmentation.FlipProbability;
            var dx = maxShift > 0 ? random!.Next(-maxShift, maxShift + 1) : 0;
            var dy = maxShift > 0 ? random!.Next(-maxShift, maxShift + 1) : 0;
            Fill(data.AsSpan(b * sample, sample), _images[index], flip, dx, dy);
        }

        var input = torch.tensor(data, [indices.Count, Channels, Size, Size]);
        var target = torch.tensor(labels);
        if (device.type == DeviceType.CPU)
        {
            return (input, target);
        }

        return (input.to(device), target.to(device));
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
