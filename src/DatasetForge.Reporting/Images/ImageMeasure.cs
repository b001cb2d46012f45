namespace DatasetForge.Reporting.Images;

/// <summary>
/// What one item's images measure: crop brightness and contrast (mean and standard deviation of luminance, 0 to 255),
/// the original's size in pixels, its JPEG quality estimate (null when not a JPEG or absent), whether it is greyscale,
/// and the mean colour of the crop's border (its background).
/// </summary>
public sealed record ImageMeasure(
    double Brightness, double Contrast, int Width, int Height, double? JpegQuality, bool IsGreyscale, double BackgroundR, double BackgroundG, double BackgroundB)
{
    /// <summary>Luminance of the background colour (Rec. 601 weights).</summary>
    public double BackgroundLuminance => (0.299 * BackgroundR) + (0.587 * BackgroundG) + (0.114 * BackgroundB);
}
