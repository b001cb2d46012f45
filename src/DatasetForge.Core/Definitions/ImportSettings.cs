namespace DatasetForge.Core.Definitions;

/// <summary>
/// Where an imported source's files are and how to read them. Paths are absolute (the manifest loader resolves them
/// against the manifest file's folder). Which fields apply depends on <see cref="SourceManifest.Kind"/>.
/// </summary>
public sealed class ImportSettings
{
    /// <summary>The image extensions looked at by default (case-insensitive).</summary>
    public static readonly IReadOnlyList<string> DefaultExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif"];

    /// <summary>The default <see cref="FileName"/> of a CSV row's image.</summary>
    public const string DefaultFileName = "{id}.jpg";

    /// <summary>folder and filename: the root folder; video: the video file.</summary>
    public string? Path { get; init; }

    /// <summary>csv: the CSV file (a header row, then one row per item).</summary>
    public string? Csv { get; init; }

    /// <summary>csv: the folder holding the images; idx: the IDX image file (<c>.gz</c> or raw).</summary>
    public string? Images { get; init; }

    /// <summary>
    /// idx: the IDX label file; null for an unlabelled IDX set. video: an optional CSV of labels per frame crop, header
    /// <c>time,crop,label</c>, so the halves of one frame may carry different labels. <c>time</c> is seconds
    /// (<c>12.5</c>), <c>mm:ss(.fff)</c> or <c>hh:mm:ss(.fff)</c>: it labels the sampled frame nearest to it (always
    /// within half the sampling interval; exactly halfway goes to the later frame), so the stamp of a frame's key
    /// matches that frame; or a range <c>start-end</c> labels every sampled frame in it, both ends included.
    /// <c>crop</c> is full, left or right (one of <see cref="Crops"/>), empty for every crop of the frame. Crops no row
    /// names get the manifest's label, or none (curation rejects them as <c>no-label</c>); rows giving one crop two
    /// labels reject that crop, naming both lines; a bad row fails the source, naming the file and line; a row past
    /// the video's end is reported. Null (the default): every crop gets the manifest's label.
    /// </summary>
    public string? Labels { get; init; }

    /// <summary>csv: the column holding the item's id. Default <c>id</c>.</summary>
    public string IdColumn { get; init; } = "id";

    /// <summary>csv: the column holding the label. Default <c>label</c>; ignored by an unlabelled source.</summary>
    public string LabelColumn { get; init; } = "label";

    /// <summary>csv: the columns read as facets; null (the default) for every column but the id and the label.</summary>
    public IReadOnlyList<string>? FacetColumns { get; init; }

    /// <summary>
    /// csv: the image file of a row inside <see cref="Images"/>, with <c>{id}</c> for the id (and <c>{column}</c> for any
    /// column). Default <c>{id}.jpg</c>, or <c>{id}</c> when the ids already end in an image extension.
    /// </summary>
    public string? FileName { get; init; }

    /// <summary>folder, filename: the file extensions imported. Default <see cref="DefaultExtensions"/>.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = DefaultExtensions;

    /// <summary>
    /// filename: a .NET regular expression matched against each file name; every named group becomes a facet
    /// (UTKFace: <c>^(?&lt;age&gt;\d+)_(?&lt;gender&gt;[01])_(?&lt;race&gt;[0-4])_</c>).
    /// </summary>
    public string? Pattern { get; init; }

    /// <summary>Value maps per facet: a raw value (a digit in a file name, an IDX class number) to its name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Values { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Facets whose values must be numbers (age); stored as invariant-culture strings.</summary>
    public IReadOnlyList<string> Numbers { get; init; } = [];

    /// <summary>video: take a frame every this many seconds (mutually exclusive with <see cref="EveryFrames"/>). Default 1 s.</summary>
    public double? EverySeconds { get; init; }

    /// <summary>video: take every Nth frame instead of every N seconds.</summary>
    public int? EveryFrames { get; init; }

    /// <summary>video: the crops taken of each sampled frame. Default: the full frame only.</summary>
    public IReadOnlyList<VideoCrop> Crops { get; init; } = [VideoCrop.Full];
}
