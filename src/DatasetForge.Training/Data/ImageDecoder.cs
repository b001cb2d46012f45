using System.Runtime.InteropServices;
using OpenCvSharp;

namespace DatasetForge.Training.Data;

/// <summary>Decodes image files with OpenCV into square RGB (or grey) byte images of a given side.</summary>
public static class ImageDecoder
{
    /// <summary>
    /// Decodes <paramref name="path"/>, keeps grey images grey (1 channel, also when the file stores them as colour) and
    /// others as RGB (3), resizes to <paramref name="size"/>.
    /// </summary>
    public static DecodedImage Decode(string path, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        using var raw = Cv2.ImRead(path, ImreadModes.Unchanged);
        if (raw.Empty())
        {
            throw new InvalidDataException($"{path} could not be decoded as an image.");
        }

        return FromMat(raw, size, path);
    }

    /// <summary>
    /// Converts an OpenCV image (BGR, BGRA or grey, any depth) the way <see cref="Decode"/> does: 8-bit, RGB or grey,
    /// resized to <paramref name="size"/>. <paramref name="name"/> names the image in errors.
    /// </summary>
    public static DecodedImage FromMat(Mat raw, int size, string name)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (raw.Empty())
        {
            throw new InvalidDataException($"{name} is an empty image.");
        }

        using var eightBit = new Mat();
        if (raw.Depth() != MatType.CV_8U)
        {
            raw.ConvertTo(eightBit, MatType.MakeType(MatType.CV_8U, raw.Channels()), raw.Depth() == MatType.CV_16U ? 1.0 / 257 : 255);
        }
        else
        {
            raw.CopyTo(eightBit);
        }

        var channels = eightBit.Channels() == 1 ? 1 : 3;
        using var colour = new Mat();
        switch (eightBit.Channels())
        {
            case 1:
                eightBit.CopyTo(colour);
                break;
            case 3:
                Cv2.CvtColor(eightBit, colour, ColorConversionCodes.BGR2RGB);
                break;
            case 4:
                Cv2.CvtColor(eightBit, colour, ColorConversionCodes.BGRA2RGB);
                break;
            default:
                throw new InvalidDataException($"{name} has {eightBit.Channels()} channels; expected 1, 3 or 4.");
        }

        using var resized = new Mat();
        var interpolation = colour.Width >= size && colour.Height >= size ? InterpolationFlags.Area : InterpolationFlags.Linear;
        Cv2.Resize(colour, resized, new Size(size, size), 0, 0, interpolation);
        using var continuous = resized.IsContinuous() ? null : resized.Clone();
        var pixels = new byte[size * size * channels];
        Marshal.Copy((continuous ?? resized).Data, pixels, 0, pixels.Length);
        return channels == 3 && IsGrey(pixels) ? new DecodedImage(size, 1, GreyPlane(pixels)) : new DecodedImage(size, channels, pixels);
    }

    /// <summary>
    /// Whether every pixel of an RGB image has R = G = B: a grey picture saved as a colour file (Fashion-MNIST's PNGs after
    /// import, grey JPEGs from the web). Such images are kept as one channel: a third of the memory, and a model with
    /// one input channel when the whole set is grey.
    /// </summary>
    private static bool IsGrey(ReadOnlySpan<byte> rgb)
    {
        for (var i = 0; i < rgb.Length; i += 3)
        {
            if (rgb[i] != rgb[i + 1] || rgb[i] != rgb[i + 2])
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] GreyPlane(ReadOnlySpan<byte> rgb)
    {
        var grey = new byte[rgb.Length / 3];
        for (var i = 0; i < grey.Length; i++)
        {
            grey[i] = rgb[i * 3];
        }

        return grey;
    }
}
