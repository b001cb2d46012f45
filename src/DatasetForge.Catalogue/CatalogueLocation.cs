using System.Globalization;
using System.Text;
using DatasetForge.Core.Workspace;
using Npgsql;

namespace DatasetForge.Catalogue;

/// <summary>Which engine holds a dataset's catalogue, and where.</summary>
public enum CatalogueProvider
{
    /// <summary>One SQLite file in the dataset's folder (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server; each dataset in a schema of its own, so several datasets share one database.</summary>
    Postgres,
}

/// <summary>
/// The catalogue of one dataset: the provider and the connection string. Parsed from the <c>catalogue</c> setting
/// (<c>--catalogue</c>, <c>DATASETFORGE_CATALOGUE</c> or <c>catalogue:</c> in dataset.yaml): empty or <c>sqlite</c> for
/// the file in the dataset's folder, <c>sqlite:&lt;path&gt;</c> for another file, a <c>postgres://user:password@host:port/database</c>
/// URL or an Npgsql connection string (<c>Host=…;Database=…</c>) for PostgreSQL.
/// </summary>
public sealed record CatalogueLocation(CatalogueProvider Provider, string ConnectionString, string? Schema)
{
    /// <summary>The environment variable read when no <c>--catalogue</c> option is given.</summary>
    public const string EnvironmentVariable = "DATASETFORGE_CATALOGUE";

    /// <summary>The longest schema name PostgreSQL keeps (longer names are cut, which could merge two datasets).</summary>
    private const int MaxIdentifierLength = 63;

    /// <summary>Where <paramref name="workspace"/>'s catalogue lives, from its <see cref="DatasetWorkspace.Catalogue"/> setting.</summary>
    /// <exception cref="FormatException">The setting is neither SQLite nor a PostgreSQL URL or connection string.</exception>
    public static CatalogueLocation For(DatasetWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var setting = workspace.Catalogue?.Trim();
        if (string.IsNullOrEmpty(setting) || setting.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return new CatalogueLocation(CatalogueProvider.Sqlite, workspace.CataloguePath, null);
        }

        if (setting.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return new CatalogueLocation(CatalogueProvider.Sqlite, Path.GetFullPath(setting["sqlite:".Length..]), null);
        }

        var builder = setting.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || setting.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(setting, "catalogue")
            : FromConnectionString(setting, "catalogue", "the catalogue setting is neither 'sqlite', 'sqlite:<path>', a postgres:// URL nor a PostgreSQL connection string");
        var schema = SchemaFor(workspace.Name);
        // search_path puts every table, and EF's history, in the dataset's schema: the migrations need no schema of their own.
        builder.SearchPath = schema;
        return new CatalogueLocation(CatalogueProvider.Postgres, builder.ConnectionString, schema);
    }

    /// <summary>
    /// The Npgsql connection string of a <c>postgres://user:password@host:port/database</c> URL or of a connection string,
    /// the forms a PostgreSQL catalogue is given in, for the other things that live on PostgreSQL (the scheduler's cluster).
    /// </summary>
    /// <param name="setting">The URL or connection string.</param>
    /// <param name="subject">What the setting is for, in messages (for example "cluster").</param>
    /// <exception cref="FormatException">The setting is neither; the message names <paramref name="subject"/> and never the password.</exception>
    public static string PostgresConnectionString(string setting, string subject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        setting = setting.Trim();
        var builder = setting.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || setting.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(setting, subject)
            : FromConnectionString(setting, subject, $"the {subject} setting is neither a postgres:// URL nor a PostgreSQL connection string");
        return builder.ConnectionString;
    }

    /// <summary>The PostgreSQL schema of a dataset: its name in lower case, other characters than letters, digits and '_' as '_'.</summary>
    public static string SchemaFor(string datasetName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetName);
        var schema = new StringBuilder("ds_");
        foreach (var c in datasetName.ToLowerInvariant())
        {
            schema.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        return schema.Length <= MaxIdentifierLength
            ? schema.ToString()
            : string.Create(CultureInfo.InvariantCulture, $"{schema.ToString(0, MaxIdentifierLength - 9)}_{(uint)StringComparer.Ordinal.GetHashCode(datasetName):x8}");
    }

    /// <summary>The setting without its password, for messages and logs.</summary>
    public string Describe() => Provider == CatalogueProvider.Sqlite
        ? $"SQLite '{ConnectionString}'"
        : DescribePostgres(ConnectionString, Schema);

    private static string DescribePostgres(string connectionString, string? schema)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}, schema {schema}");
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string setting, string subject, string notOne)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(setting);
            if (string.IsNullOrEmpty(builder.Host))
            {
                throw new FormatException($"the {subject} setting names no Host");
            }

            return builder;
        }
        catch (ArgumentException error)
        {
            throw new FormatException(
                $"{notOne} ({error.Message})", error);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string setting, string subject)
    {
        if (!Uri.TryCreate(setting, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host))
        {
            throw new FormatException($"the {subject} URL '{Redact(setting)}' is not a valid postgres://user:password@host:port/database URL");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port <= 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')) is { Length: > 0 } database ? database : "postgres",
        };
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "true" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[key] = value;
            }
            catch (ArgumentException error)
            {
                throw new FormatException($"the {subject} URL's parameter '{key}' is not a PostgreSQL connection setting", error);
            }
        }

        return builder;
    }

    private static string Redact(string url)
    {
        var at = url.LastIndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at > scheme && scheme >= 0 ? url[..(scheme + 3)] + "…@" + url[(at + 1)..] : url;
    }
}
