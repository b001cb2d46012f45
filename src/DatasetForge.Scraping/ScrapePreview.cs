using DatasetForge.Scraping.Extraction;

namespace DatasetForge.Scraping;

/// <summary>What a dry run of one source would extract: its persons (label already resolved), pages read, and the problems met.</summary>
public sealed record ScrapePreview(string Source, IReadOnlyList<ExtractedPerson> Persons, int Pages, IReadOnlyList<string> Problems)
{
    /// <summary>HTTP requests the dry run sent.</summary>
    public int Requests { get; init; }
}
