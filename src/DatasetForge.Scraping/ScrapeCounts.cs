namespace DatasetForge.Scraping;

/// <summary>The names of the counts in the scrape stage's <see cref="Core.Pipeline.StageResult"/>.</summary>
public static class ScrapeCounts
{
    /// <summary>Sources scraped.</summary>
    public const string Sources = "sources";

    /// <summary>Pages read (fetched or rendered) and extracted.</summary>
    public const string Pages = "pages";

    /// <summary>Pages that could not be read (HTTP error, robots.txt, off-scope).</summary>
    public const string PageErrors = "pageErrors";

    /// <summary>Selectors that matched nothing on a page.</summary>
    public const string SelectorMisses = "selectorMisses";

    /// <summary>Persons listed by the pages this run.</summary>
    public const string Persons = "persons";

    /// <summary>Persons seen for the first time.</summary>
    public const string NewPersons = "newPersons";

    /// <summary>Distinct photos (by sha256) of the persons listed this run.</summary>
    public const string Photos = "photos";

    /// <summary>Persons whose photo is stored (fetched now or unchanged since an earlier run).</summary>
    public const string Downloaded = "downloaded";

    /// <summary>Photos actually fetched over HTTP this run.</summary>
    public const string Fetched = "fetched";

    /// <summary>Persons whose photo could not be downloaded (rule <c>download</c>).</summary>
    public const string Failed = "failed";

    /// <summary>Persons listed without a photo URL (rule <c>no-photo</c>).</summary>
    public const string NoPhoto = "noPhoto";

    /// <summary>Persons of the sources that the pages no longer list.</summary>
    public const string Vanished = "vanished";

    /// <summary>HTTP requests sent (robots.txt, retries, redirects, 304s included; browser-rendered pages not).</summary>
    public const string Requests = "requests";

    /// <summary>Requests answered 304 Not Modified (pages and photos unchanged since the last run).</summary>
    public const string NotModified = "notModified";

    /// <summary>Pages read from the copy kept at the last run because the server answered 304.</summary>
    public const string PagesNotModified = "pagesNotModified";

    /// <summary>Profile pages read (profiles with <c>followProfile: true</c>).</summary>
    public const string ProfilePages = "profilePages";

    /// <summary>Pages or photos fetched although robots.txt disallows them, because the manifest sets <c>ignoreRobotsTxt</c>.</summary>
    public const string RobotsOverrides = "robotsOverrides";

    /// <summary>Persons whose photo changed since the last run (new bytes at the same URL, or a new URL).</summary>
    public const string ChangedPhotos = "changedPhotos";

    /// <summary>List pages not fetched by choice (robots.txt disallows them, or they are outside the crawl scope).</summary>
    public const string PagesRefused = "pagesRefused";

    /// <summary>Persons whose photo was not used because it, or its page, says noai, noimageai or noimageindex.</summary>
    public const string NoAi = "noAi";

    /// <summary>Photos used although they or their page say noai, because the manifest sets <c>ignoreNoAi</c>.</summary>
    public const string NoAiOverrides = "noAiOverrides";

    /// <summary>The longest per-host delay the adaptive throttle set in this run, in milliseconds (0 when it never slowed down).</summary>
    public const string HighestDelayMs = "highestDelayMs";

    /// <summary>Answers (pages, profile pages, photos) read from the frontier of an interrupted crawl instead of being asked for again.</summary>
    public const string Resumed = "resumed";

    /// <summary>Persons a source listed more than once with different labels (recorded as <c>label-conflict</c>, for a reviewer).</summary>
    public const string LabelConflicts = "labelConflicts";
}
