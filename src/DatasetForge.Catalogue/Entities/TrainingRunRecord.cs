namespace DatasetForge.Catalogue.Entities;

/// <summary>A training run on one version, with its evaluation once evaluated.</summary>
public sealed class TrainingRunRecord
{
    public required string Id { get; set; }

    /// <summary>The version trained on. A run never trains on anything else.</summary>
    public required string VersionId { get; set; }

    public required string Model { get; set; }

    public required string Device { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public int EpochsRun { get; set; }

    public int BestEpoch { get; set; }

    public double? BestValidationLoss { get; set; }

    /// <summary>Test accuracy, once evaluated.</summary>
    public double? TestAccuracy { get; set; }

    /// <summary>The run's folder relative to the dataset folder (weights, epochs.csv, metrics.json, evaluation.html).</summary>
    public required string Path { get; set; }

    /// <summary>running, trained, evaluated or failed.</summary>
    public required string Status { get; set; }
}
