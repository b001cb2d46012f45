using Microsoft.Extensions.Logging;

namespace DatasetForge.Curation.Stage;

/// <summary>The curate stage's log messages, with fixed event ids.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Curating {Dataset}: {Pending} of {Photos} photos need detection with {Detector}")]
    public static partial void CurateStarting(this ILogger logger, string dataset, int pending, int photos, string detector);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Photo #{PhotoId}: {Faces} faces")]
    public static partial void PhotoDetected(this ILogger logger, int photoId, int faces);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Photo #{PhotoId} is not usable: {Reason}")]
    public static partial void PhotoRejected(this ILogger logger, int photoId, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Curated {Dataset}: {Summary}")]
    public static partial void CurateFinished(this ILogger logger, string dataset, string summary);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Curating {Dataset} stopped: {Status}")]
    public static partial void CurateStopped(this ILogger logger, string dataset, string status, Exception exception);
}
