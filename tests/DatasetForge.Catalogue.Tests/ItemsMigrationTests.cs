using DatasetForge.Catalogue.Entities;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DatasetForge.Catalogue.Tests;

/// <summary>A catalogue written at the schema before Items (the Persons table) keeps every row through the migration.</summary>
public sealed class ItemsMigrationTests : IDisposable
{
    private const string LastPersonsMigration = "20261203161034_CropSettings";
    private readonly TempWorkspace _temp = new("items-migration");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Migrate_CatalogueWithPersonsTable_MovesRowsToItemsWithKindAndPersonDetails()
    {
        var path = _temp.Workspace.CataloguePath;
        Directory.CreateDirectory(_temp.Workspace.Root);
        await using (var old = new CatalogueDbContext(Catalogue.CreateOptions(path)))
        {
            await old.GetService<IMigrator>().MigrateAsync(LastPersonsMigration);
            await old.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO Sources (Id, Name, Kind) VALUES (1, 'cs', 'web'), (2, 'clips', 'video'), (3, 'mnist', 'idx'), (4, 'album', 'folder');
                INSERT INTO Photos (Id, Sha256, Url, ContentType, Length, FetchedAt) VALUES (1, 'abc', 'https://uni.example/a.jpg', 'image/jpeg', 10, '2026-11-23 12:00:00');
                INSERT INTO Persons (Id, SourceId, Key, Name, Role, ProfileUrl, PhotoUrl, Label, FacetsJson, PhotoId, FirstSeenAt, LastSeenAt, Vanished, GroupId, Status, StatusRule)
                VALUES (7, 1, 'https://uni.example/ada', 'Ada Lovelace', 'Professorin', 'https://uni.example/ada', 'https://uni.example/a.jpg', 'cs', '{{"university":"U"}}', 1, '2026-11-23 12:00:00', '2026-11-24 12:00:00', 0, 7, 'kept', NULL),
                       (8, 1, 'Gina Graf', 'Gina Graf', NULL, NULL, NULL, 'cs', '{{}}', NULL, '2026-11-23 12:00:00', '2026-11-23 12:00:00', 1, NULL, 'rejected', 'no-photo'),
                       (9, 2, 'clip.mp4#12', 'clip.mp4#12', NULL, NULL, NULL, 'a', '{{}}', NULL, '2026-11-23 12:00:00', '2026-11-23 12:00:00', 0, NULL, NULL, NULL),
                       (10, 3, 'train#0', 'train#0', NULL, NULL, NULL, '5', '{{}}', NULL, '2026-11-23 12:00:00', '2026-11-23 12:00:00', 0, NULL, NULL, NULL),
                       (11, 4, 'cat.jpg', 'cat.jpg', NULL, NULL, NULL, 'cat', '{{}}', NULL, '2026-11-23 12:00:00', '2026-11-23 12:00:00', 0, NULL, NULL, NULL);
                """);
        }

        await using var catalogue = await Catalogue.OpenAsync(_temp.Workspace);

        var items = await catalogue.Items.AsNoTracking().OrderBy(i => i.Id).ToListAsync();
        items.Select(i => (i.Id, i.Kind)).ShouldBe(
            [(7, ItemKinds.Person), (8, ItemKinds.Person), (9, ItemKinds.VideoFrame), (10, ItemKinds.IdxItem), (11, ItemKinds.Image)]);
        var ada = items[0];
        (ada.Name, ada.Key, ada.Label, ada.PhotoId, ada.GroupId, ada.Status, ada.FacetsJson, ada.Vanished)
            .ShouldBe(("Ada Lovelace", "https://uni.example/ada", "cs", (int?)1, (int?)7, ItemStatus.Kept, """{"university":"U"}""", false));
        ada.LastSeenAt.ShouldBe(new DateTime(2026, 11, 24, 12, 0, 0));
        (ada.Person?.Role).ShouldBe("Professorin");
        (ada.Person?.ProfileUrl).ShouldBe("https://uni.example/ada");
        items[1].Person.ShouldBeNull();
        (items[1].Vanished, items[1].StatusRule).ShouldBe((true, "no-photo"));
        (await catalogue.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM PersonDetails").SingleAsync()).ShouldBe(1);

        // The unique (source, key) index survived the rename: a second Ada is refused.
        catalogue.Items.Add(new ItemRecord { SourceId = 1, Key = "https://uni.example/ada", Kind = ItemKinds.Person, Name = "Ada" });
        await Should.ThrowAsync<DbUpdateException>(() => catalogue.SaveChangesAsync());
    }
}
