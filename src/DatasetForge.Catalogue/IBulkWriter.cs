namespace DatasetForge.Catalogue;

/// <summary>Inserts many rows into one table outside change tracking: a prepared statement on SQLite, binary COPY on PostgreSQL.</summary>
internal interface IBulkWriter
{
    /// <summary>Inserts <paramref name="rows"/> (values in the order of <paramref name="columns"/>) within the context's current transaction, if any.</summary>
    Task<long> InsertAsync(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken);
}
