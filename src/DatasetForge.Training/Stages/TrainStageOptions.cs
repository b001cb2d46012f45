namespace DatasetForge.Training.Stages;

/// <summary>What <see cref="TrainStage"/> trains beyond the dataset's <c>TrainingOptions</c>.</summary>
public sealed class TrainStageOptions
{
    /// <summary>The version to train on. Default null: the newest version (by creation time).</summary>
    public string? VersionId { get; init; }

    /// <summary>
    /// Train again even when the version already has a trained run of the model, and start anew rather than resume an
    /// interrupted run of the same options (which is then removed). Default false.
    /// </summary>
    public bool Force { get; init; }

    /// <summary>
    /// Go on with this failed (interrupted) run from its last checkpoint, with the options it was started with.
    /// Default null: resume the newest interrupted run of the version with the dataset's options when it has a checkpoint,
    /// otherwise start a new run.
    /// </summary>
    public string? ResumeRunId { get; init; }
}
