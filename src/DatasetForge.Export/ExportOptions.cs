using System.ComponentModel.DataAnnotations;
using DatasetForge.Export.Splitting;

namespace DatasetForge.Export;

/// <summary>Settings of the export stage.</summary>
public sealed class ExportOptions
{
    /// <summary>
    /// Cross-validation folds over the train and validation items (the test split stays held out), written to
    /// <c>folds.csv</c> (<c>id,fold</c>) and to <c>items.jsonl</c>. 0 writes no folds; otherwise 2 to 20. The default value is 0.
    /// </summary>
    [Range(0, FoldAssigner.MaxFolds)]
    public int Folds { get; init; }

    /// <summary>
    /// Whether crops enter a version as hard links to the curated crop files (no bytes copied; the version stays
    /// immutable, since crops are only ever replaced by a new file renamed over the old name) rather than as copies.
    /// Where the file system cannot link (the versions folder on another disk, Windows), crops are copied anyway.
    /// The default value is true.
    /// </summary>
    public bool LinkCrops { get; init; } = true;

    /// <summary>
    /// How many crop files are hashed and linked or copied at once. The default value is the number of processors.
    /// </summary>
    [Range(1, 64)]
    public int Parallelism { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 64);

    /// <summary>
    /// A class with fewer items than this in the validation or the test split is warned about in the stage's summary
    /// (and flagged in the report): its metrics there rest on too few items. The default value is 3.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MinSplitItems { get; init; } = 3;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (Folds == 1)
        {
            throw new ValidationException($"ExportOptions.Folds is 1; use 0 for no folds or {FoldAssigner.MinFolds} to {FoldAssigner.MaxFolds}.");
        }
    }
}
