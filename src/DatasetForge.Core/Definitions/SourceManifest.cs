namespace DatasetForge.Core.Definitions;

/// <summary>One source of a dataset, read from a manifest file: a web page of people, or an existing dataset to import.</summary>
public sealed class SourceManifest
{
    /// <summary>Unique name of the source within its dataset.</summary>
    public required string Name { get; init; }

    /// <summary>The dataset this source feeds.</summary>
    public required string Dataset { get; init; }

    /// <summary>The kind of source. Default <see cref="SourceKind.Web"/>.</summary>
    public SourceKind Kind { get; init; } = SourceKind.Web;

    /// <summary>The start pages.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [];

    /// <summary>The resolved scraper settings: the named profile with this manifest's overrides applied.</summary>
    public required ScraperProfile Scraper { get; init; }

    /// <summary>The label value every person of this source gets, or null when it comes from the page.</summary>
    public string? Label { get; init; }

    /// <summary>Further facets every item of this source carries (university, country, …).</summary>
    public IReadOnlyDictionary<string, string> Facets { get; init; } = new Dictionary<string, string>();

    /// <summary>Hosts the crawl may fetch from. Default: the hosts of <see cref="Urls"/>.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>
    /// Fetch what robots.txt disallows anyway. Default false. Only for sites whose owner agreed; every page and photo
    /// fetched against a rule is recorded as a problem of the run, naming the rule's URL.
    /// </summary>
    public bool IgnoreRobotsTxt { get; init; }

    /// <summary>
    /// Use photos anyway whose page or response says <c>noai</c>, <c>noimageai</c> or <c>noimageindex</c> (an
    /// <c>X-Robots-Tag</c> header or a robots meta tag). Default false: such photos are not downloaded and each is recorded
    /// as rejected with the directive; with true each one used is recorded as a problem of the run and in the datasheet.
    /// </summary>
    public bool IgnoreNoAi { get; init; }

    /// <summary>The least time between two requests to one host for this source; null for the run's default (1 second).</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>
    /// The longest delay between two requests to one host that the adaptive throttle may slow to (on slow answers, 429,
    /// 503 and 5xx); null for the run's default (60 seconds). Never below <see cref="Delay"/>.
    /// </summary>
    public TimeSpan? MaxDelay { get; init; }

    /// <summary>Requests in flight at once to one host for this source; null for the run's default (2).</summary>
    public int? Concurrency { get; init; }

    /// <summary>The manifest file, for error messages.</summary>
    public string? FilePath { get; init; }

    /// <summary>Where and how to read an existing dataset; set for every kind but <see cref="SourceKind.Web"/>.</summary>
    public ImportSettings? Import { get; init; }

    /// <summary>
    /// The images are already face crops (the gender project's pre-cut faces): curation uses the whole image as the
    /// face and runs no detector on it. Default false.
    /// </summary>
    public bool Precropped { get; init; }

    /// <summary>
    /// The source has no labels (a test set like <c>test.csv</c>): its items are kept in the catalogue, flagged
    /// unlabelled, for predictions; curation's no-label rule keeps them out of versions. Default false.
    /// </summary>
    public bool Unlabelled { get; init; }
}

/// <summary>Kinds of sources.</summary>
public enum SourceKind
{
    /// <summary>A web page (or pages) listing people.</summary>
    Web,

    /// <summary>A CSV file (<c>id,label</c>, more columns as facets) beside a folder of images named by id.</summary>
    Csv,

    /// <summary>A folder per class (<c>root/&lt;label&gt;/*.jpg</c>, the Keras/torchvision layout).</summary>
    Folder,

    /// <summary>Images whose file names hold the labels (UTKFace <c>age_gender_race_date.jpg</c>), read by a pattern.</summary>
    Filename,

    /// <summary>Frames sampled from a video file every N seconds or N frames.</summary>
    Video,

    /// <summary>IDX image and label files (MNIST, Fashion-MNIST), gzipped or not.</summary>
    Idx,
}
