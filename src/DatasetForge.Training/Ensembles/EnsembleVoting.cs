namespace DatasetForge.Training.Ensembles;

/// <summary>How an ensemble of runs combines their answers.</summary>
public enum EnsembleVoting
{
    /// <summary>Each run casts one vote for its top class; the most votes win.</summary>
    Majority,

    /// <summary>Each run's vote counts its weight (its validation accuracy unless weights are given).</summary>
    Weighted,
}
