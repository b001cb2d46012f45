using System.Runtime.InteropServices;
using OpenCvSharp;

namespace DatasetForge.Training.Data;

/// <summary>Decodes image files with OpenCV into square RGB (or grey) byte images of a given side.</summary>
public static class ImageDecoder
{
    /// <summary>Decodes <paramref name="path"/>, keeps grey images grey (1 channel) and others as RGB (3), resizes to <paramref name="size"/>.</summary>
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
        return new DecodedImage(size, channels, pixels);
    }
}
