namespace DatasetForge.Core.Definitions;

/// <summary>Train/validation/test ratios; they must be non-negative and add up to 1.</summary>
public sealed record SplitRatios(double Train, double Validation, double Test)
{
    /// <summary>70/20/10.</summary>
    public static SplitRatios Default { get; } = new(0.7, 0.2, 0.1);

    /// <summary>Null when the ratios are usable, otherwise why not.</summary>
    public string? Validate()
    {
        if (Train < 0 || Validation < 0 || Test < 0)
        {
            return "split ratios must not be negative";
        }

        var sum = Train + Validation + Test;
        return Math.Abs(sum - 1.0) > 1e-6 ? $"split ratios must add up to 1, not {sum:0.###}" : null;
    }
}
