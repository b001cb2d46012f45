using DatasetForge.Core.Workspace;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace DatasetForge.Catalogue;

/// <summary>Opens a dataset's catalogue on the provider its settings name (SQLite by default), migrating it as needed.</summary>
public static class Catalogue
{
    private const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>Opens the catalogue of <paramref name="workspace"/>, applying pending migrations first.</summary>
    /// <exception cref="CatalogueUnavailableException">The catalogue's server cannot be reached or refused the login.</exception>
    public static Task<CatalogueDbContext> OpenAsync(DatasetWorkspace workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var location = CatalogueLocation.For(workspace);
        if (location.Provider == CatalogueProvider.Sqlite)
        {
            Directory.CreateDirectory(workspace.Root);
        }

        return OpenAsync(location, cancellationToken);
    }

    /// <summary>Whether <paramref name="workspace"/>'s catalogue has been created (review, forget and versions never create one).</summary>
    /// <exception cref="CatalogueUnavailableException">The catalogue's server cannot be reached.</exception>
    public static bool Exists(DatasetWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var location = CatalogueLocation.For(workspace);
        if (location.Provider == CatalogueProvider.Sqlite)
        {
            return File.Exists(location.ConnectionString);
        }

        try
        {
            using var connection = new NpgsqlConnection(location.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT to_regclass(@table) IS NOT NULL";
            command.Parameters.AddWithValue("table", $"\"{location.Schema}\".\"{HistoryTable}\"");
            return command.ExecuteScalar() is true;
        }
        catch (NpgsqlException error)
        {
            throw new CatalogueUnavailableException($"the catalogue at {location.Describe()} cannot be opened: {error.Message}", error);
        }
    }

    /// <summary>Where <paramref name="workspace"/>'s catalogue is, for messages (never with a password).</summary>
    public static string Describe(DatasetWorkspace workspace) => CatalogueLocation.For(workspace).Describe();

    /// <summary>Opens the SQLite catalogue at <paramref name="path"/>, applying pending migrations first.</summary>
    public static Task<CatalogueDbContext> OpenAsync(string path, CancellationToken cancellationToken = default) =>
        OpenAsync(new CatalogueLocation(CatalogueProvider.Sqlite, Path.GetFullPath(path), null), cancellationToken);

    /// <summary>Opens the catalogue at <paramref name="location"/>, applying pending migrations first.</summary>
    public static async Task<CatalogueDbContext> OpenAsync(CatalogueLocation location, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        var migrated = location.Provider == CatalogueProvider.Postgres && MigratedSchemas.ContainsKey(MigratedKey(location));
        if (location.Provider == CatalogueProvider.Postgres && !migrated)
        {
            await EnsureSchemaAsync(location, cancellationToken);
        }

        CatalogueDbContext context = location.Provider == CatalogueProvider.Postgres
            ? new PostgresCatalogueDbContext(CreatePostgresOptions(location))
            : new CatalogueDbContext(CreateOptions(location.ConnectionString));
        try
        {
            if (location.Provider == CatalogueProvider.Postgres)
            {
                if (!migrated)
                {
                    await MigrateLockedAsync(context, location, cancellationToken);
                    MigratedSchemas.TryAdd(MigratedKey(location), true);
                }
            }
            else
            {
                await context.Database.MigrateAsync(cancellationToken);
            }

            if (location.Provider == CatalogueProvider.Sqlite)
            {
                // WAL keeps the file consistent if the process dies mid-write, and lets readers (review, report) run beside a stage.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
                // One connection for the context's life (closed when it is disposed, so the file is free again): without
                // pooling, EF Core would open the file, read its schema and prepare anew for every query, which was most of
                // what curate's writer did per photo. Npgsql pools its connections itself.
                await context.Database.OpenConnectionAsync(cancellationToken);
                // Under WAL, NORMAL syncs the log at checkpoints rather than at every commit: a commit still survives the
                // process being killed (it is in the log, which the next open replays), and only a power cut or an OS
                // crash can undo the latest commits, never corrupt the file. That is as much as the files beside the
                // catalogue (crops, written without a flush) promise, and a stage redoes what a lost commit recorded.
                // FULL, the default, cost one fsync per batch: curate's precropped photos wrote a batch every 32.
                await context.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", cancellationToken);
            }

            return context;
        }
        catch (NpgsqlException error)
        {
            await context.DisposeAsync();
            throw new CatalogueUnavailableException($"the catalogue at {location.Describe()} cannot be opened: {error.Message}", error);
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The PostgreSQL catalogues this process has migrated already: a scheduler node opens one many times (a lease, each
    /// source job, each stage), and each migration check costs several round trips and EF Core's model comparison. A
    /// schema this process brought up to date stays so (migrations only ever come with a newer build of the process).
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> MigratedSchemas = new(StringComparer.Ordinal);

    private static string MigratedKey(CatalogueLocation location) => location.ConnectionString + "\n" + location.Schema;

    /// <summary>
    /// Migrates a PostgreSQL catalogue under an advisory lock of its schema: processes opening a new catalogue at the same
    /// moment (the nodes of a cluster taking up one dataset's sources) would otherwise both create its tables, and one
    /// would fail on "relation already exists". The lock is the server's, so it is released if the process dies.
    /// </summary>
    private static async Task MigrateLockedAsync(CatalogueDbContext context, CatalogueLocation location, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(location.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended(@key, 0))", connection))
        {
            take.Parameters.AddWithValue("key", "datasetforge.migrate:" + location.Schema);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await context.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended(@key, 0))", connection);
            release.Parameters.AddWithValue("key", "datasetforge.migrate:" + location.Schema);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
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
            .ConfigureWarnings(IgnorePendingModelChanges)
            .Options;
    }

    /// <summary>EF Core options for a PostgreSQL catalogue (a dataset's schema on a server).</summary>
    internal static DbContextOptions<PostgresCatalogueDbContext> CreatePostgresOptions(CatalogueLocation location) =>
        new DbContextOptionsBuilder<PostgresCatalogueDbContext>()
            .UseNpgsql(location.ConnectionString, npgsql =>
            {
                npgsql.MigrationsHistoryTable(HistoryTable, location.Schema);
                // A list in a query goes as one array parameter (= ANY), however long it is.
                npgsql.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter);
            })
            .ConfigureWarnings(IgnorePendingModelChanges)
            .Options;

    /// <summary>
    /// Every open migrates, and EF Core's migrator would first compare the model with the migrations' snapshot to warn
    /// of a change without a migration: it builds the design-time model for that, about a second of CPU in every forge
    /// command (a sixteenth of a 10,000-image curate). With the warning ignored the comparison is skipped; the
    /// catalogue tests make it instead (<c>Model_HasNoChangesWithoutAMigration</c>), once per build rather than per run.
    /// </summary>
    private static void IgnorePendingModelChanges(WarningsConfigurationBuilder warnings) =>
        warnings.Ignore(RelationalEventId.PendingModelChangesWarning);

    private static async Task EnsureSchemaAsync(CatalogueLocation location, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(location.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE SCHEMA IF NOT EXISTS \"{location.Schema}\"";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Two processes created the schema at the same moment: it exists, which is all that is wanted.
        }
        catch (NpgsqlException error)
        {
            throw new CatalogueUnavailableException($"the catalogue at {location.Describe()} cannot be opened: {error.Message}", error);
        }
    }
}
