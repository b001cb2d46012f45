using System.ComponentModel.DataAnnotations;

namespace DatasetForge.Reporting;

/// <summary>Settings of the report stage.</summary>
public sealed class ReportOptions
{
    /// <summary>Sample crops shown per label on the contact sheet. The default value is 6.</summary>
    [Range(0, 100)]
    public int SamplesPerLabel { get; init; } = 6;

    /// <summary>Example reasons shown per rejection rule. The default value is 3.</summary>
    [Range(0, 50)]
    public int ExamplesPerRule { get; init; } = 3;

    /// <summary>
    /// A label x source (or facet) table with Cramér's V at least this is flagged as a shortcut risk. The default value is 0.5.
    /// </summary>
    [Range(0.0, 1.0)]
    public double ShortcutCramersV { get; init; } = 0.5;

    /// <summary>
    /// A label is flagged as predictable from the source when at least this share of its items come from sources where
    /// it makes up at least <see cref="SourcePurity"/> of the items. The default value is 0.8.
    /// </summary>
    [Range(0.0, 1.0)]
    public double PredictableShare { get; init; } = 0.8;

    /// <summary>See <see cref="PredictableShare"/>. The default value is 0.9.</summary>
    [Range(0.5, 1.0)]
    public double SourcePurity { get; init; } = 0.9;

    /// <summary>
    /// A stage is flagged for a source or label when its drop rate there is at least this many times the drop rate
    /// of the rest (and <see cref="StageDropMinDifference"/> higher). The default value is 2.
    /// </summary>
    [Range(1.0, 100.0)]
    public double StageDropRatio { get; init; } = 2.0;

    /// <summary>The least absolute difference of drop rates that is flagged. The default value is 0.15.</summary>
    [Range(0.0, 1.0)]
    public double StageDropMinDifference { get; init; } = 0.15;

    /// <summary>Groups smaller than this are never flagged (too few to tell). The default value is 5.</summary>
    [Range(1, 1_000_000)]
    public int MinGroupSize { get; init; } = 5;

    /// <summary>
    /// Images measured per label x source cell for the image statistics (the first by item id), so the report stays
    /// fast on millions of items. 0 turns image statistics off. The default value is 100.
    /// </summary>
    [Range(0, 100_000)]
    public int ImageSamplesPerCell { get; init; } = 100;

    /// <summary>
    /// An image statistic of a label or source is flagged when its mean differs from the rest's by at least this many
    /// pooled standard deviations (Cohen's d; 0.8 is "large"). The default value is 0.8.
    /// </summary>
    [Range(0.0, 100.0)]
    public double ImageEffectSize { get; init; } = 0.8;

    /// <summary>The least difference of greyscale shares that is flagged. The default value is 0.3.</summary>
    [Range(0.0, 1.0)]
    public double GreyscaleShareDifference { get; init; } = 0.3;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
