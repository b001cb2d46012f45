using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DatasetForge.Catalogue;

/// <summary>Inserts new rows of any catalogue entity through the provider's bulk writer, outside change tracking.</summary>
public static class UntrackedInserts
{
    /// <summary>
    /// Inserts <paramref name="entities"/> (new rows: their generated keys are left to the database and not read back)
    /// in the context's current transaction; without one, every row commits on its own, so callers open one. The
    /// columns come from the model, so a column added to the entity is written without a change here. EF Core's update
    /// pipeline costs tens of microseconds a row (a command, parameters and a key read back for each): most of what
    /// curate's writer did per precropped photo.
    /// </summary>
    public static async Task<long> InsertUntrackedAsync<TEntity>(
        this CatalogueDbContext catalogue, IReadOnlyCollection<TEntity> entities, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(entities);
        if (entities.Count == 0)
        {
            return 0;
        }

        var entityType = catalogue.Model.FindEntityType(typeof(TEntity))
            ?? throw new ArgumentException($"{typeof(TEntity).Name} is not an entity of the catalogue.", nameof(entities));
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        // Every column but a key the database generates.
        var properties = entityType.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never)).ToArray();
        var columns = properties.Select(p => p.GetColumnName(table)
            ?? throw new InvalidOperationException($"{entityType.DisplayName()}.{p.Name} has no column in {table.Name}.")).ToArray();
        var getters = properties.Select(p => p.PropertyInfo
            ?? throw new InvalidOperationException($"{entityType.DisplayName()}.{p.Name} is not a CLR property.")).ToArray();
        var converters = properties.Select(p => p.GetTypeMapping().Converter).ToArray();
        var rows = entities.Select(entity =>
        {
            var row = new object?[properties.Length];
            for (var i = 0; i < row.Length; i++)
            {
                var value = getters[i].GetValue(entity);
                row[i] = value is not null && converters[i] is { } converter ? converter.ConvertToProvider(value) : value;
            }

            return row;
        });
        return await catalogue.BulkWriter.InsertAsync(table.Name, columns, rows, cancellationToken);
    }
}
