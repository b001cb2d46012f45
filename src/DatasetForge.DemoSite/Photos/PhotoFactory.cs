using DatasetForge.DemoSite.Fixtures;
using OpenCvSharp;

namespace DatasetForge.DemoSite.Photos;

/// <summary>Cuts the portrait crops out of the real photos and video frames and draws the placeholder silhouette, once, in memory.</summary>
internal static class PhotoFactory
{
    /// <summary>The small portrait size every layout shows.</summary>
    public static readonly Size Small = new(240, 300);

    /// <summary>The large size offered through srcset (2x).</summary>
    public static readonly Size Large = new(480, 600);

    private static readonly string[] VideoExtensions = [".mp4", ".webm", ".avi"];

    /// <summary>JPEG bytes per photo id, in both sizes.</summary>
    /// <param name="photos">The crop boxes.</param>
    /// <param name="resolve">The full path of a photo's <see cref="FixturePhoto.Sample"/>.</param>
    public static (Dictionary<string, byte[]> Small, Dictionary<string, byte[]> Large) CropAll(
        IEnumerable<FixturePhoto> photos, Func<string, string> resolve)
    {
        var small = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var large = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var group in photos.GroupBy(p => (p.Sample, p.Frame)))
        {
            var path = resolve(group.Key.Sample);
            using var sample = Read(path, group.Key.Frame);
            var bounds = new Rect(0, 0, sample.Width, sample.Height);
            foreach (var photo in group)
            {
                var box = new Rect(photo.X, photo.Y, photo.W, photo.H);
                if ((box & bounds) != box)
                {
                    throw new InvalidOperationException($"Crop box of '{photo.Id}' lies outside '{group.Key.Sample}' ({sample.Width}x{sample.Height}).");
                }

                using var crop = new Mat(sample, box);
                small[photo.Id] = Encode(crop, Small);
                large[photo.Id] = Encode(crop, Large);
            }
        }

        return (small, large);
    }

    /// <summary>A grey head-and-shoulders silhouette, like the "no photo" image of many staff pages.</summary>
    public static byte[] Placeholder()
    {
        using var image = new Mat(Small.Height, Small.Width, MatType.CV_8UC3, new Scalar(232, 232, 232));
        var grey = new Scalar(168, 168, 168);
        Cv2.Ellipse(image, new Point(120, 318), new Size(104, 118), 0, 180, 360, grey, -1, LineTypes.AntiAlias);
        Cv2.Circle(image, new Point(120, 118), 56, grey, -1, LineTypes.AntiAlias);
        Cv2.ImEncode(".png", image, out var png);
        return png;
    }

    private static Mat Read(string path, int? frame)
    {
        if (VideoExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
        {
            using var capture = new VideoCapture(path);
            var image = new Mat();
            // Frames are counted by reading, not by seeking: seeking in an MP4 lands on the nearest key frame.
            for (var index = 0; index <= (frame ?? 0); index++)
            {
                if (!capture.IsOpened() || !capture.Read(image) || image.Empty())
                {
                    image.Dispose();
                    throw new InvalidOperationException($"Frame {frame ?? 0} of the video '{path}' could not be read.");
                }
            }

            return image;
        }

        var photo = Cv2.ImRead(path, ImreadModes.Color);
        if (photo.Empty())
        {
            photo.Dispose();
            throw new InvalidOperationException($"Sample photo '{path}' could not be read.");
        }

        return photo;
    }

    private static byte[] Encode(Mat crop, Size size)
    {
        using var resized = new Mat();
        Cv2.Resize(crop, resized, size, 0, 0, crop.Width < size.Width ? InterpolationFlags.Cubic : InterpolationFlags.Area);
        Cv2.ImEncode(".jpg", resized, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 88));
        return jpeg;
    }
}
