namespace DatasetForge.Training.Stages;

/// <summary>What <see cref="TrainStage"/> trains beyond the dataset's <c>TrainingOptions</c>.</summary>
public sealed class TrainStageOptions
{
    /// <summary>The version to train on. Default null: the newest version (by creation time).</summary>
    public string? VersionId { get; init; }

    /// <summary>Train again even when the version already has a trained run of the model. Default false.</summary>
    public bool Force { get; init; }
}
