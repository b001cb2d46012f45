using DatasetForge.Catalogue;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Curation.Review;

/// <summary>Recognises persons and photos that were taken down, by source and key hash or by photo sha256.</summary>
internal sealed class TakedownMatcher
{
    private readonly Dictionary<(string Source, string KeyHash), string> _persons;
    private readonly Dictionary<string, string> _photos;

    private TakedownMatcher(Dictionary<(string, string), string> persons, Dictionary<string, string> photos)
    {
        _persons = persons;
        _photos = photos;
    }

    public static async Task<TakedownMatcher> LoadAsync(CatalogueDbContext catalogue, CancellationToken cancellationToken)
    {
        var records = await catalogue.Takedowns.AsNoTracking().ToListAsync(cancellationToken);
        var persons = new Dictionary<(string, string), string>();
        var photos = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record is { Kind: Takedowns.PersonKind, SourceName: { } source, PersonKey: { } key })
            {
                persons.TryAdd((source, key), record.Reason);
            }

            if (record.Sha256 is { } sha)
            {
                photos.TryAdd(sha, record.Reason);
            }
        }

        return new TakedownMatcher(persons, photos);
    }

    /// <summary>The takedown's reason when the person (or their photo) was taken down; null otherwise.</summary>
    public string? Match(string? sourceName, string personKey, string? photoSha256)
    {
        if (sourceName is not null && _persons.TryGetValue((sourceName, Takedowns.KeyHash(personKey)), out var reason))
        {
            return $"the person was taken down: {reason}";
        }

        return photoSha256 is not null && _photos.TryGetValue(photoSha256, out reason) ? $"the photo was taken down: {reason}" : null;
    }
}
