namespace DatasetForge.Training.Data;

/// <summary>On-the-fly augmentation for training: random horizontal flip and a small random shift.</summary>
/// <param name="FlipProbability">Chance of a horizontal flip. Default 0.5.</param>
/// <param name="MaxShiftFraction">Largest shift, as a fraction of the side, in each direction. Default 1/16 (4 px at 64).</param>
public sealed record Augmentation(double FlipProbability = 0.5, double MaxShiftFraction = 1.0 / 16)
{
    /// <summary>The defaults.</summary>
    public static Augmentation Default { get; } = new();
}
