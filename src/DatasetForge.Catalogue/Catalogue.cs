using DatasetForge.Core.Workspace;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Catalogue;

/// <summary>Opens a dataset's catalogue, creating or migrating the SQLite file as needed.</summary>
public static class Catalogue
{
    /// <summary>Opens the catalogue of <paramref name="workspace"/>, applying pending migrations first.</summary>
    public static async Task<CatalogueDbContext> OpenAsync(DatasetWorkspace workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        Directory.CreateDirectory(workspace.Root);
        return await OpenAsync(workspace.CataloguePath, cancellationToken);
    }

    /// <summary>Opens the SQLite catalogue at <paramref name="path"/>, applying pending migrations first.</summary>
    public static async Task<CatalogueDbContext> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var context = new CatalogueDbContext(CreateOptions(path));
        try
        {
            await context.Database.MigrateAsync(cancellationToken);
            // WAL keeps the file consistent if the process dies mid-write, and lets readers (review, report) run beside a stage.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            // One connection for the context's life (closed when it is disposed, so the file is free again): without
            // pooling, EF Core would open the file, read its schema and prepare anew for every query, which was most of
            // what curate's writer did per photo.
            await context.Database.OpenConnectionAsync(cancellationToken);
            return context;
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }

    /// <summary>EF Core options for a SQLite catalogue file.</summary>
    public static DbContextOptions<CatalogueDbContext> CreateOptions(string path)
    {
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        return new DbContextOptionsBuilder<CatalogueDbContext>()
            // EF Core 10 sends a list in a query as one SQL parameter per element by default, and SQLite stops at
            // 32,766 of them: a dataset of 70,000 items failed that way. One JSON array parameter (json_each) has no limit.
            .UseSqlite(connection.ToString(), sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .Options;
    }
}
