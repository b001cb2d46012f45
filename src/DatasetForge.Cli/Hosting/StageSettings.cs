namespace DatasetForge.Cli.Hosting;

/// <summary>Settings for building the stages that differ between a real crawl and the demo.</summary>
public sealed record StageSettings
{
    /// <summary>Delay between two requests to one host. Null: the scraper's polite default.</summary>
    public TimeSpan? PerHostDelay { get; init; }

    /// <summary>Settings for a crawl of the web: polite defaults.</summary>
    public static StageSettings Default { get; } = new();

    /// <summary>Settings for the demo site on 127.0.0.1, which is ours: no delay between requests.</summary>
    public static StageSettings Demo { get; } = new() { PerHostDelay = TimeSpan.Zero };
}
