namespace DatasetForge.Sources.Reading;

/// <summary>
/// One item a reader found: its stable key, where it came from (file and line, frame, record), its raw facets and how to
/// get its bytes; or, for a malformed row or a name off the pattern, the problem instead of the bytes.
/// </summary>
internal sealed record ImportItem(string Key, string Location, string Url, IReadOnlyDictionary<string, string> Facets)
{
    /// <summary>Reads (or encodes) the image bytes; run in parallel by the stage.</summary>
    public Func<CancellationToken, Task<byte[]>>? Load { get; init; }

    /// <summary>Why the item cannot be imported (a malformed CSV row, a missing file); null when it can.</summary>
    public string? Problem { get; init; }

    /// <summary>An item that could not be read, recorded as rejected with <paramref name="problem"/>.</summary>
    public static ImportItem Failed(string key, string location, string url, string problem) =>
        new(key, location, url, new Dictionary<string, string>()) { Problem = problem };

    /// <summary>An image file on disk, read when the stage gets to it.</summary>
    public static ImportItem FromFile(string key, string location, string path, IReadOnlyDictionary<string, string> facets) =>
        new(key, location, new Uri(path).AbsoluteUri, facets) { Load = token => File.ReadAllBytesAsync(path, token) };
}
