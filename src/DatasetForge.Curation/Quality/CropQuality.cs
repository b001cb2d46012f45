namespace DatasetForge.Curation.Quality;

/// <summary>
/// Quality measures of a face crop: <paramref name="Sharpness"/> is the variance of the Laplacian (higher is sharper),
/// <paramref name="Brightness"/> the mean luminance and <paramref name="Contrast"/> its standard deviation (0 to 255).
/// </summary>
public sealed record CropQuality(double Sharpness, double Brightness, double Contrast);
