using Microsoft.Extensions.Logging;

namespace DatasetForge.Scraping;

/// <summary>The scrape stage's log messages, with fixed event ids.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Scraping source {Source} ({UrlCount} start URLs, profile {Profile})")]
    public static partial void SourceStarted(this ILogger logger, string source, int urlCount, string profile);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Read page {Url}: {Items} items")]
    public static partial void PageRead(this ILogger logger, Uri url, int items);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Source {Source}: {Problem}")]
    public static partial void Problem(this ILogger logger, string source, string problem);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Photo of {Person} not downloaded: {Reason}")]
    public static partial void DownloadFailed(this ILogger logger, string person, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Retrying {Url} in {Delay} after: {Reason}")]
    public static partial void Retrying(this ILogger logger, Uri url, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Source {Source} done: {Persons} persons, {Vanished} vanished")]
    public static partial void SourceCompleted(this ILogger logger, string source, int persons, int vanished);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "robots.txt of {Origin} could not be read ({Reason}); nothing on that host is fetched")]
    public static partial void RobotsUnreadable(this ILogger logger, string origin, string reason);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Source {Source}: resuming an interrupted crawl ({Answered} answers kept, {Pending} requests pending)")]
    public static partial void FrontierResumed(this ILogger logger, string source, int answered, int pending);
}
