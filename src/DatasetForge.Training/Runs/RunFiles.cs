namespace DatasetForge.Training.Runs;

/// <summary>The files of a run folder (<c>runs/&lt;runId&gt;/</c>).</summary>
public static class RunFiles
{
    /// <summary>Best weights, TorchSharp format.</summary>
    public const string Weights = "model.bin";

    /// <summary>
    /// One line per epoch: epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds,lr,size (train_mae/val_mae for regression).
    /// </summary>
    public const string Epochs = "epochs.csv";

    /// <summary>What the run trained on and how: <see cref="RunDescription"/>.</summary>
    public const string Description = "run.json";

    /// <summary>The evaluation: <c>DatasetForge.Core.Evaluation.ClassificationMetrics</c>.</summary>
    public const string Metrics = "metrics.json";

    /// <summary>One line per evaluated item: id,label,predicted,confidence.</summary>
    public const string Predictions = "predictions.csv";

    /// <summary>The weights after the last finished epoch, for <c>--resume</c>.</summary>
    public const string Checkpoint = "checkpoint.bin";

    /// <summary>The optimiser state after the last finished epoch.</summary>
    public const string OptimizerState = "optimizer.bin";

    /// <summary>Where training stood after the last finished epoch: <see cref="TrainingCheckpoint"/>.</summary>
    public const string CheckpointState = "checkpoint.json";

    /// <summary>Learning curves (loss and metric per epoch), SVG.</summary>
    public const string LearningCurve = "learning-curve.svg";

    /// <summary>The full evaluation for machines: <see cref="Evaluation.EvaluationReport"/>.</summary>
    public const string Evaluation = "evaluation.json";

    /// <summary>The evaluation for people, one self-contained page.</summary>
    public const string EvaluationPage = "evaluation.html";
}
