namespace DatasetForge.Training.Runs;

/// <summary>The values of <c>TrainingRunRecord.Status</c>.</summary>
public static class RunStatus
{
    public const string Running = "running";

    public const string Trained = "trained";

    public const string Evaluated = "evaluated";

    /// <summary>Training threw or was cancelled; the run's folder keeps what was written, and run.json says why.</summary>
    public const string Failed = "failed";
}
