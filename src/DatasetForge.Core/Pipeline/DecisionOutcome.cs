namespace DatasetForge.Core.Pipeline;

/// <summary>What a rule decided about an item.</summary>
public enum DecisionOutcome
{
    /// <summary>Kept in the dataset.</summary>
    Kept,

    /// <summary>Dropped from the dataset, with a reason.</summary>
    Rejected,

    /// <summary>Kept, but worth a reviewer's look.</summary>
    Flagged,
}
