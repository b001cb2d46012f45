namespace DatasetForge.Reporting.Model;

/// <summary>
/// Image statistics of the items of one label or source (a sample of at most a fixed number per label x source cell):
/// means and standard deviations of crop brightness and contrast (0 to 255), original resolution in megapixels, the
/// JPEG quality estimated from the original's quantisation tables (null when no original was a JPEG), the share of
/// greyscale photos, and the mean background colour (the crop's border) as #rrggbb.
/// </summary>
public sealed record ImageGroupStatistics(
    string Facet,
    string Key,
    int Measured,
    double Brightness,
    double BrightnessSd,
    double Contrast,
    double ContrastSd,
    double Megapixels,
    double MegapixelsSd,
    double? JpegQuality,
    double? JpegQualitySd,
    double GreyscaleShare,
    string Background,
    double BackgroundLuminance,
    double BackgroundLuminanceSd);
