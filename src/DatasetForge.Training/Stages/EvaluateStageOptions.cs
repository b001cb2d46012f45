namespace DatasetForge.Training.Stages;

/// <summary>Which run <see cref="EvaluateStage"/> evaluates.</summary>
public sealed class EvaluateStageOptions
{
    /// <summary>The run to evaluate. Default null: the newest run with status trained.</summary>
    public string? RunId { get; init; }

    /// <summary>When no run waits for evaluation, evaluate the newest evaluated run again. Default false.</summary>
    public bool Reevaluate { get; init; }

    /// <summary>
    /// How many Grad-CAM overlays the evaluation page shows, taken from the classes in turn. Default null: one per class,
    /// at most 6 (the first 4 items for regression).
    /// </summary>
    public int? GradCamCount { get; init; }

    /// <summary>The items (ids of the evaluated split) to show Grad-CAM overlays for, instead of a count. Default null.</summary>
    public IReadOnlyList<string>? GradCamItems { get; init; }
}
