namespace DatasetForge.Scheduling;

/// <summary>Settings of a <see cref="ChainScheduler"/>.</summary>
public sealed class ScheduleOptions
{
    /// <summary>The default of <see cref="MisfireThreshold"/>: one minute.</summary>
    public static readonly TimeSpan DefaultMisfireThreshold = TimeSpan.FromMinutes(1);

    /// <summary>The default of <see cref="SchedulerName"/>.</summary>
    public const string DefaultSchedulerName = "DatasetForge";

    /// <summary>
    /// How late a cron firing may start before it counts as missed. A missed firing (the process was down, or
    /// the dataset's previous chain was still running) is run once as soon as possible and the cron then
    /// resumes; several missed slots still give one run. The default value is one minute.
    /// </summary>
    public TimeSpan MisfireThreshold { get; set; } = DefaultMisfireThreshold;

    /// <summary>
    /// How many chains (of different datasets) may run at the same time. A dataset's own chain never runs
    /// twice at once whatever this says. The default value is 1.
    /// </summary>
    public int MaxConcurrentChains { get; set; } = 1;

    /// <summary>
    /// The SQLite file that keeps the schedule, the fire times and the run history across restarts
    /// (created with its tables when missing). The default value is <see langword="null"/>: an in-memory
    /// store, which forgets everything when the process ends, so misfires during downtime are not seen.
    /// </summary>
    public string? StoreFilePath { get; set; }

    /// <summary>
    /// The scheduler's name; in a persistent store it is the key the rows are kept under, so it must stay
    /// the same across restarts. The default value is <c>DatasetForge</c>. An in-memory scheduler gets a
    /// unique suffix so that several can run in one process.
    /// </summary>
    public string SchedulerName { get; set; } = DefaultSchedulerName;

    /// <summary>The time zone cron expressions are read in. The default value is <see langword="null"/>: the machine's local zone.</summary>
    public TimeZoneInfo? TimeZone { get; set; }

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (MisfireThreshold < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(MisfireThreshold), MisfireThreshold, "The misfire threshold must be at least one second.");
        }

        if (MaxConcurrentChains < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentChains), MaxConcurrentChains, "At least one chain must be allowed to run.");
        }

        if (string.IsNullOrWhiteSpace(SchedulerName))
        {
            throw new ArgumentException("The scheduler name must not be empty.", nameof(SchedulerName));
        }

        if (StoreFilePath is not null && string.IsNullOrWhiteSpace(StoreFilePath))
        {
            throw new ArgumentException("The store file path must not be blank; leave it null for an in-memory store.", nameof(StoreFilePath));
        }
    }
}
