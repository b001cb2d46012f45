using OpenCvSharp;

namespace DatasetForge.Curation.Decoding;

/// <summary>A decoded 8-bit BGR image, or why the bytes could not become one. Disposing frees the pixels.</summary>
public sealed class ImageDecodeResult : IDisposable
{
    private ImageDecodeResult(Mat? image, string? error, string? format, int width, int height)
    {
        Image = image;
        Error = error;
        Format = format;
        Width = width;
        Height = height;
    }

    /// <summary>The pixels, when decoding succeeded.</summary>
    public Mat? Image { get; }

    /// <summary>Why decoding failed, in words a reviewer understands; null on success.</summary>
    public string? Error { get; }

    /// <summary>The format the bytes claim (<see cref="ImageHeader.Jpeg"/>, …), or null when unrecognised.</summary>
    public string? Format { get; }

    public int Width { get; }

    public int Height { get; }

    public bool Succeeded => Image is not null;

    public static ImageDecodeResult Decoded(Mat image, string format) => new(image, null, format, image.Width, image.Height);

    public static ImageDecodeResult Failed(string error, string? format = null, int width = 0, int height = 0) =>
        new(null, error, format, width, height);

    public void Dispose() => Image?.Dispose();
}
