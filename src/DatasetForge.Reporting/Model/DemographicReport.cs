namespace DatasetForge.Reporting.Model;

/// <summary>
/// The demographic audit: counts of persons and items per estimated gender and age band (estimates of a model, not
/// facts), their cross tables with the label and the source, and the funnel per estimated group. Only counts: no
/// individual estimate, no person, no item is named here.
/// </summary>
public sealed record DemographicReport
{
    /// <summary>What this is: counts of estimates, not facts.</summary>
    public required string Description { get; init; }

    /// <summary>The models that made the estimates (name and version), as recorded with them.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>The known limits of the estimates, in words.</summary>
    public required string Limits { get; init; }

    /// <summary>Set when no face has an estimate: says why the section is empty; null otherwise.</summary>
    public string? Note { get; init; }

    /// <summary>What the balance and cross tables count: exported items, or kept persons before any export.</summary>
    public required string Basis { get; init; }

    /// <summary>Persons listed by a source (not vanished).</summary>
    public int ListedPersons { get; init; }

    /// <summary>Listed persons whose face has an estimate.</summary>
    public int EstimatedPersons { get; init; }

    /// <summary>Estimates of <see cref="EstimatedPersons"/> whose gender probability is under <see cref="UncertainBelow"/>.</summary>
    public int UncertainGender { get; init; }

    /// <summary>The gender probability under which an estimate counts as uncertain.</summary>
    public double UncertainBelow { get; init; }

    /// <summary>Listed persons without an estimate, by why: face detection's misses cannot be split by estimated group.</summary>
    public required NoEstimateCounts NoEstimate { get; init; }

    /// <summary>The age bands, youngest first.</summary>
    public IReadOnlyList<string> AgeBands { get; init; } = [];

    /// <summary>Counts per estimated gender, overall, per label, per split and per source; null without estimates.</summary>
    public EstimateBalance? Gender { get; init; }

    /// <summary>Counts per estimated age band, overall, per label, per split and per source; null without estimates.</summary>
    public EstimateBalance? AgeBand { get; init; }

    /// <summary>Label x estimated gender, label x estimated age band and source x estimated gender, estimates only.</summary>
    public IReadOnlyList<Contingency> Contingencies { get; init; } = [];

    /// <summary>The funnel of every estimated gender and age band, from the estimate to the newest version.</summary>
    public IReadOnlyList<EstimateFunnel> Funnel { get; init; } = [];

    /// <summary>Rejected persons per estimated gender and age band, by the rule that rejected them.</summary>
    public IReadOnlyList<GroupRejections> RejectionsByGroup { get; init; } = [];
}
