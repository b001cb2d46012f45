using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Curation.Tests.Support;

/// <summary>Writes photos into a workspace's store and persons into its catalogue, as the scrape stage would.</summary>
public sealed class CatalogueSeeder(DatasetWorkspace workspace, CatalogueDbContext catalogue, SourceRecord source)
{
    private static readonly DateTime SeenAt = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);

    public static async Task<CatalogueSeeder> CreateAsync(DatasetWorkspace workspace, CatalogueDbContext catalogue)
    {
        workspace.EnsureCreated();
        var source = new SourceRecord { Name = "uni-test-staff", Kind = "web" };
        catalogue.Sources.Add(source);
        await catalogue.SaveChangesAsync();
        return new CatalogueSeeder(workspace, catalogue, source);
    }

    /// <summary>A seeder over the catalogue's existing source (seeded before by <see cref="CreateAsync"/>).</summary>
    public static async Task<CatalogueSeeder> OpenAsync(DatasetWorkspace workspace, CatalogueDbContext catalogue) =>
        new(workspace, catalogue, await catalogue.Sources.SingleAsync());

    /// <summary>Stores the bytes under their sha256 and records the photo.</summary>
    public async Task<PhotoRecord> PhotoAsync(byte[] bytes, string url, string contentType = "image/jpeg")
    {
        var sha = ContentHash.Of(bytes);
        var path = workspace.BlobPath(sha);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes);
        var photo = new PhotoRecord { Sha256 = sha, Url = url, ContentType = contentType, Length = bytes.Length, FetchedAt = SeenAt };
        catalogue.Photos.Add(photo);
        await catalogue.SaveChangesAsync();
        return photo;
    }

    public async Task<ItemRecord> PersonAsync(string name, string? role, string? label, PhotoRecord? photo, string? photoUrl = null, bool vanished = false)
    {
        var person = new ItemRecord
        {
            SourceId = source.Id,
            Key = $"https://uni.example/staff/{Uri.EscapeDataString(name)}",
            Kind = ItemKinds.Person,
            Name = name,
            Person = new PersonDetails { Role = role },
            Label = label,
            PhotoId = photo?.Id,
            PhotoUrl = photoUrl ?? photo?.Url,
            FirstSeenAt = SeenAt,
            LastSeenAt = SeenAt,
            Vanished = vanished,
        };
        catalogue.Items.Add(person);
        await catalogue.SaveChangesAsync();
        return person;
    }
}
