namespace DatasetForge.Reporting.Model;

/// <summary>Everything the bias report shows, as written to <c>reports/report.json</c>.</summary>
public sealed record DatasetReport
{
    public required string Dataset { get; init; }

    public string? Description { get; init; }

    /// <summary>The facet that is the label.</summary>
    public required string Label { get; init; }

    public required DateTime GeneratedAt { get; init; }

    /// <summary>The newest version, or null when none was exported yet.</summary>
    public string? VersionId { get; init; }

    public string? ParentVersionId { get; init; }

    /// <summary>Persons at each step of the chain, all sources and labels together.</summary>
    public required FunnelCounts Funnel { get; init; }

    public required IReadOnlyList<FunnelBreakdown> FunnelBySource { get; init; }

    public required IReadOnlyList<FunnelBreakdown> FunnelByLabel { get; init; }

    /// <summary>Rejections by stage and rule, most frequent first within a stage.</summary>
    public required IReadOnlyList<RuleRejection> Rejections { get; init; }

    /// <summary>Persons listed with different labels: conflicts open and resolved by review (counts only).</summary>
    public LabelConflictCounts LabelConflicts { get; init; } = new(0, 0);

    /// <summary>Label balance of the newest version, or null when none was exported.</summary>
    public LabelBalance? Balance { get; init; }

    /// <summary>
    /// For a number label (<c>labelKind: number</c>): its distribution and histogram. The balance, cross tables and flags
    /// then count the label's quantile bins (<c>labelBins</c>, as export stratifies), not each value.
    /// </summary>
    public NumberDistribution? LabelDistribution { get; init; }

    /// <summary>Label x source counts, with a test of independence.</summary>
    public required Contingency LabelBySource { get; init; }

    /// <summary>Rejected persons per source and per label, by rule: the reasons behind the funnel.</summary>
    public IReadOnlyList<GroupRejections> RejectionsByGroup { get; init; } = [];

    /// <summary>Items per value of every facet of the version (source, university, role category, …).</summary>
    public IReadOnlyList<FacetBalance> FacetBalances { get; init; } = [];

    /// <summary>Label x facet counts for every facet but the source (see <see cref="LabelBySource"/>).</summary>
    public IReadOnlyList<Contingency> LabelByFacet { get; init; } = [];

    /// <summary>
    /// Facet x facet counts (e.g. gender x source) of the exported items, so a confound between two facets shows even
    /// when the label is something else; a strong association is flagged.
    /// </summary>
    public IReadOnlyList<Contingency> FacetByFacet { get; init; } = [];

    /// <summary>
    /// Counts per estimated gender and age band (estimates, not facts), their cross tables and the funnel per estimated
    /// group; never an individual estimate.
    /// </summary>
    public DemographicReport? Demographics { get; init; }

    /// <summary>Image statistics per label and source; null when the version has no items or statistics were turned off.</summary>
    public ImageStatistics? Images { get; init; }

    /// <summary>Everything flagged: stage drops, shortcut risks, image differences.</summary>
    public IReadOnlyList<AuditFlag> Flags { get; init; } = [];

    /// <summary>Sample crops of flagged label x source (or facet) cells.</summary>
    public IReadOnlyList<ContactSheet> FlaggedSheets { get; init; } = [];

    /// <summary>
    /// What was dropped: per rejecting rule, crops (or, without a face, the stored photos) of the rejected persons,
    /// as files relative to the dataset folder; never a name.
    /// </summary>
    public IReadOnlyList<ContactSheet> RejectedSheets { get; init; } = [];

    public VersionComparison? Comparison { get; init; }

    /// <summary>Sample crops per label, as files relative to the dataset folder.</summary>
    public required IReadOnlyList<ContactSheet> ContactSheets { get; init; }

    /// <summary>The newest evaluated training run, or null when none was evaluated.</summary>
    public TrainingRunSummary? Training { get; init; }
}
