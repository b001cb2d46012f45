using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DatasetForge.Catalogue;

/// <summary>The catalogue on PostgreSQL: the same model as <see cref="CatalogueDbContext"/>, with PostgreSQL's own migrations.</summary>
public sealed class PostgresCatalogueDbContext(DbContextOptions<PostgresCatalogueDbContext> options) : CatalogueDbContext(options)
{
    internal override IBulkWriter BulkWriter => new PostgresBulkWriter(this);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);
        // The stages hand over UTC times, some of them read back from SQLite without a kind: timestamptz wants them marked UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        // Byte order, as SQLite compares: sorting by name or key gives the same order on both providers.
        configurationBuilder.Properties<string>().UseCollation("C");
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
