namespace DatasetForge.Training.Stages;

/// <summary>Which run <see cref="EvaluateStage"/> evaluates.</summary>
public sealed class EvaluateStageOptions
{
    /// <summary>The run to evaluate. Default null: the newest run with status trained.</summary>
    public string? RunId { get; init; }

    /// <summary>When no run waits for evaluation, evaluate the newest evaluated run again. Default false.</summary>
    public bool Reevaluate { get; init; }
}
