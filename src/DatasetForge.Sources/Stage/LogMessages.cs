using Microsoft.Extensions.Logging;

namespace DatasetForge.Sources.Stage;

/// <summary>The import stage's log messages, with fixed event ids.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Importing {Source} ({Kind})")]
    public static partial void SourceStarted(this ILogger logger, string source, string kind);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Imported {Source}: {Items} items, {New} new, {Changed} changed, {Rejected} rejected, {Vanished} vanished")]
    public static partial void SourceCompleted(this ILogger logger, string source, long items, long @new, long changed, long rejected, long vanished);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "{Source}: {Problem}")]
    public static partial void Problem(this ILogger logger, string source, string problem);
}
