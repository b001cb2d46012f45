using System.Numerics;
using OpenCvSharp;

namespace DatasetForge.Curation.Hashing;

/// <summary>
/// The 64-bit DCT perceptual hash (pHash) of an image: grey, 32x32, discrete cosine transform, and one bit per
/// coefficient of the 8x8 lowest frequencies, set when it is above their median (as Python's imagehash.phash).
/// Near-identical images differ in a few bits; compare with <see cref="Distance(ulong, ulong)"/>.
/// </summary>
public static class PerceptualHash
{
    private const int Size = 32;
    private const int LowFrequencies = 8;

    /// <summary>The hash of an 8-bit BGR or grey image.</summary>
    public static ulong Compute(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Empty())
        {
            throw new ArgumentException("The image is empty.", nameof(image));
        }

        using var grey = new Mat();
        if (image.Channels() == 1)
        {
            image.CopyTo(grey);
        }
        else
        {
            Cv2.CvtColor(image, grey, image.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);
        }

        using var small = new Mat();
        Cv2.Resize(grey, small, new OpenCvSharp.Size(Size, Size), interpolation: InterpolationFlags.Area);
        using var floats = new Mat();
        small.ConvertTo(floats, MatType.CV_32F);
        using var dct = new Mat();
        Cv2.Dct(floats, dct);

        var values = new float[LowFrequencies * LowFrequencies];
        for (var y = 0; y < LowFrequencies; y++)
        {
            for (var x = 0; x < LowFrequencies; x++)
            {
                values[(y * LowFrequencies) + x] = dct.At<float>(y, x);
            }
        }

        var sorted = values.Order().ToArray();
        var median = (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        ulong hash = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] > median)
            {
                hash |= 1UL << (values.Length - 1 - i);
            }
        }

        return hash;
    }

    /// <summary>Number of differing bits (Hamming distance) between two hashes.</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>Number of differing bits between two hashes as stored in the catalogue (signed 64-bit).</summary>
    public static int Distance(long a, long b) => Distance(unchecked((ulong)a), unchecked((ulong)b));
}
