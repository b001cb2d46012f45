using DatasetForge.Core.Definitions;

namespace DatasetForge.Training.Data;

/// <summary>On-the-fly augmentation for training, drawn per image from a seeded random source.</summary>
/// <param name="FlipProbability">Chance of a horizontal flip. Default 0.5.</param>
/// <param name="MaxShiftFraction">Largest shift, as a fraction of the side, in each direction. Default 1/16 (4 px at 64).</param>
/// <param name="MinCropScale">Smallest random crop side as a fraction of the image, resized back to the input. Default 1 (off).</param>
/// <param name="RotationDegrees">Largest rotation either way, in degrees. Default 0 (off).</param>
/// <param name="ColourJitter">Largest brightness and contrast change as a fraction. Default 0 (off).</param>
public sealed record Augmentation(
    double FlipProbability = 0.5,
    double MaxShiftFraction = 1.0 / 16,
    double MinCropScale = 1,
    double RotationDegrees = 0,
    double ColourJitter = 0)
{
    /// <summary>The defaults.</summary>
    public static Augmentation Default { get; } = new();

    /// <summary>Whether a transform needs resampling (crop or rotation) rather than a whole-pixel shift.</summary>
    public bool Resamples => MinCropScale < 1 || RotationDegrees > 0;

    /// <summary>The augmentation a dataset's training options ask for.</summary>
    public static Augmentation From(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Augmentation(options.FlipProbability, options.ShiftFraction, options.MinCropScale, options.RotationDegrees, options.ColourJitter);
    }
}
