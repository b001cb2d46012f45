using DatasetForge.Core.Evaluation;

namespace DatasetForge.Training.Ensembles;

/// <summary>
/// The evaluation of an ensemble: which runs voted how, with which weights, each run's own accuracy on the same
/// items, and the ensemble's metrics (the same shape as a single run's <c>metrics.json</c>).
/// </summary>
public sealed record EnsembleResult
{
    /// <summary>Derived from the voting and the sorted run ids: the same ensemble gets the same id.</summary>
    public required string Id { get; init; }

    public required EnsembleVoting Voting { get; init; }

    public required IReadOnlyList<string> RunIds { get; init; }

    /// <summary>One weight per run, in <see cref="RunIds"/> order (1 for majority voting).</summary>
    public required IReadOnlyList<double> Weights { get; init; }

    /// <summary>Each run alone on the evaluated items, in <see cref="RunIds"/> order.</summary>
    public required IReadOnlyList<double> RunAccuracies { get; init; }

    public required ClassificationMetrics Metrics { get; init; }

    /// <summary>Where the result was written (<c>ensembles/&lt;id&gt;/ensemble.json</c>).</summary>
    public string? Path { get; init; }
}
