namespace DatasetForge.Scheduling;

/// <summary>
/// A chain runner whose scrape can be split per source, so that in a cluster the sources of one dataset are scraped as
/// separate jobs on whichever nodes are free, and the rest of the chain runs once when every source is done.
/// </summary>
public interface ISourceChainRunner : IChainRunner
{
    /// <summary>The names of <paramref name="dataset"/>'s web sources, in manifest order (read afresh, so manifest edits apply).</summary>
    Task<IReadOnlyList<string>> ListSourcesAsync(string dataset, CancellationToken cancellationToken = default);

    /// <summary>
    /// Scrapes one source of <paramref name="dataset"/>, unless it was scraped completely at or after
    /// <paramref name="plannedAt"/> (the same firing's job run again after a node died at its very end).
    /// </summary>
    /// <returns>Whether the source was scraped (false: already done for this firing, or no longer in the manifests).</returns>
    Task<bool> ScrapeSourceAsync(string dataset, string source, DateTimeOffset plannedAt, CancellationToken cancellationToken = default);

    /// <summary>Runs the rest of <paramref name="dataset"/>'s chain (every stage after scrape) once.</summary>
    Task RunAfterScrapeAsync(string dataset, CancellationToken cancellationToken = default);
}
