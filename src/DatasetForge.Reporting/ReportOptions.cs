using System.ComponentModel.DataAnnotations;
using DatasetForge.Core.Demographics;

namespace DatasetForge.Reporting;

/// <summary>Settings of the report stage.</summary>
public sealed class ReportOptions : IValidatableObject
{
    /// <summary>The default of <see cref="AgeBandEdges"/>: under 20, 20-29, 30-39, 40-49, 50-59, 60 and over.</summary>
    public static IReadOnlyList<int> DefaultAgeBandEdges => AgeBands.DefaultEdges;

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
    /// A class with fewer items than this in the validation or the test split is flagged (<see cref="Model.FlagKinds.SmallSplit"/>):
    /// its per-class metrics rest on too few items to mean much. The default value is 3.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MinSplitItems { get; init; } = 3;

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

    /// <summary>
    /// Where the estimated age bands of the demographic section start, in whole years, strictly increasing between 1
    /// and 120: edges a, b, …, z give the bands "under a", "a-(b-1)", …, "z and over". The default value is
    /// [20, 30, 40, 50, 60] (<see cref="DefaultAgeBandEdges"/>).
    /// </summary>
    public IReadOnlyList<int> AgeBandEdges { get; init; } = DefaultAgeBandEdges;

    /// <summary>
    /// A gender estimate whose probability is under this counts as uncertain (the model's two classes are 0.5 to 1).
    /// The default value is 0.75.
    /// </summary>
    [Range(0.5, 1.0)]
    public double UncertainGenderProbability { get; init; } = 0.75;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        var edges = AgeBandEdges;
        if (edges is null || edges.Count == 0 || edges[0] < 1 || edges[^1] > 120 || edges.Zip(edges.Skip(1)).Any(p => p.Second <= p.First))
        {
            yield return new ValidationResult(
                $"{nameof(AgeBandEdges)} must be whole years between 1 and 120, strictly increasing (got [{(edges is null ? string.Empty : string.Join(", ", edges))}]).",
                [nameof(AgeBandEdges)]);
        }
    }
}
