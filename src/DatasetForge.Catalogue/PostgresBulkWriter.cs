using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DatasetForge.Catalogue;

/// <summary>Binary COPY: PostgreSQL takes a million rows in one stream instead of a million statements.</summary>
internal sealed class PostgresBulkWriter(CatalogueDbContext catalogue) : IBulkWriter
{
    public async Task<long> InsertAsync(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await catalogue.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // COPY runs on the connection, so it is part of the context's transaction when one is open.
            var connection = (NpgsqlConnection)catalogue.Database.GetDbConnection();
            await using var importer = await connection.BeginBinaryImportAsync(
                $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var value in row)
                {
                    if (value is null)
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await importer.WriteAsync(value, cancellationToken);
                    }
                }
            }

            return (long)await importer.CompleteAsync(cancellationToken);
        }
        finally
        {
            await catalogue.Database.CloseConnectionAsync();
        }
    }
}
