namespace DatasetForge.Scraping.Fetching;

/// <summary>
/// How one source may be fetched: its crawl scope, per-host delay and concurrency, whether robots.txt is overridden, and
/// whether "not for AI" directives (noai, noimageai, noimageindex) are, and the most the adaptive throttle may slow to
/// (null: no adaptive throttle, the delay is fixed).
/// </summary>
internal sealed record FetchPolicy(CrawlScope Scope, TimeSpan Delay, int Concurrency, bool IgnoreRobots, bool IgnoreNoAi = false, TimeSpan? MaxDelay = null);
