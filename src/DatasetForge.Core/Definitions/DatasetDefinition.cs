namespace DatasetForge.Core.Definitions;

/// <summary>One dataset: what its label is, how it is curated, split, trained and scheduled, and its sources.</summary>
public sealed record DatasetDefinition
{
    /// <summary>The dataset's name; also its folder under the workspace. Letters, digits, '-' and '_'.</summary>
    public required string Name { get; init; }

    /// <summary>Free text shown in reports and datasheets.</summary>
    public string? Description { get; init; }

    /// <summary>The facet that is the label, for example <c>field</c>. Sources set it with <c>label:</c> or <c>facets:</c>.</summary>
    public required string Label { get; init; }

    /// <summary>Whether the label is a category (classification) or a number (regression). Default: category.</summary>
    public LabelKind LabelKind { get; init; } = LabelKind.Category;

    /// <summary>
    /// For a number label: how many bins (by quantile) the splits are stratified by, so each split spans the whole range
    /// instead of treating every distinct number as a class. Default 5.
    /// </summary>
    public int LabelBins { get; init; } = 5;

    /// <summary>Train/validation/test ratios. Default 0.7/0.2/0.1.</summary>
    public SplitRatios Splits { get; init; } = SplitRatios.Default;

    /// <summary>Seed for splits and training. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Quartz cron expression for <c>forge schedule</c>, or null for no schedule.</summary>
    public string? Schedule { get; init; }

    /// <summary>
    /// Where the catalogue lives (<c>catalogue:</c>): null for the SQLite file in the dataset's folder, else a
    /// <c>postgres://</c> URL or a PostgreSQL connection string. <c>--catalogue</c> and <c>DATASETFORGE_CATALOGUE</c> override it.
    /// </summary>
    public string? Catalogue { get; init; }

    /// <summary>Curation settings.</summary>
    public CurationOptions Curation { get; init; } = new();

    /// <summary>Training settings.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>The sources (manifests) that feed this dataset.</summary>
    public IReadOnlyList<SourceManifest> Sources { get; init; } = [];

    /// <summary>The file the definition was read from, when it came from one.</summary>
    public string? FilePath { get; init; }
}

/// <summary>What kind of value the label holds.</summary>
public enum LabelKind
{
    Category,
    Number,
}
