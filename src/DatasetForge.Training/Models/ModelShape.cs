namespace DatasetForge.Training.Models;

/// <summary>
/// What a model is built for: image channels, square input side and outputs (the number of classes, or 1 for regression).
/// </summary>
public sealed record ModelShape(int Channels, int InputSize, int Classes)
{
    /// <summary>Throws when a dimension cannot make a model.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Channels, 1, nameof(Channels));
        ArgumentOutOfRangeException.ThrowIfLessThan(InputSize, 8, nameof(InputSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Classes, 1, nameof(Classes));
    }
}
