using Microsoft.Extensions.Logging;

namespace DatasetForge.Training;

/// <summary>The log messages of the train and evaluate stages, with fixed event ids (5000-5099).</summary>
internal static partial class LogMessages
{
    [LoggerMessage(5000, LogLevel.Information, "Native TorchSharp: {Reason}")]
    public static partial void NativeState(ILogger logger, string reason);

    [LoggerMessage(5001, LogLevel.Information, "Training run {RunId}: {Model} on version {VersionId}, {TrainCount} train / {ValidationCount} validation images, device {Device}")]
    public static partial void TrainingStarted(ILogger logger, string runId, string model, string versionId, int trainCount, int validationCount, string device);

    [LoggerMessage(5002, LogLevel.Information, "Run {RunId} epoch {Epoch}: train loss {TrainLoss:0.0000}, accuracy {TrainAccuracy:0.000}; validation loss {ValidationLoss}, accuracy {ValidationAccuracy}")]
    public static partial void Epoch(ILogger logger, string runId, int epoch, double trainLoss, double trainAccuracy, double? validationLoss, double? validationAccuracy);

    [LoggerMessage(5003, LogLevel.Warning, "Run {RunId} failed: {Reason}")]
    public static partial void RunFailed(ILogger logger, string runId, string reason);

    [LoggerMessage(5004, LogLevel.Information, "Run {RunId} evaluated on {Split}: accuracy {Accuracy:0.000}, macro F1 {MacroF1:0.000}")]
    public static partial void Evaluated(ILogger logger, string runId, string split, double accuracy, double macroF1);

    [LoggerMessage(5005, LogLevel.Warning, "{Message}")]
    public static partial void Note(ILogger logger, string message);
}
