namespace DatasetForge.Scheduling.Tests.Support;

/// <summary>A clock that always reads the same instant (timers still run on real time), so cron arithmetic is deterministic.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
