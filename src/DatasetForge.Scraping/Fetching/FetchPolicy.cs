namespace DatasetForge.Scraping.Fetching;

/// <summary>How one source may be fetched: its crawl scope, per-host delay and concurrency, and whether robots.txt is overridden.</summary>
internal sealed record FetchPolicy(CrawlScope Scope, TimeSpan Delay, int Concurrency, bool IgnoreRobots);
