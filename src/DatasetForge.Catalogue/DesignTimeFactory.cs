using Microsoft.EntityFrameworkCore.Design;

namespace DatasetForge.Catalogue;

/// <summary>Lets <c>dotnet ef migrations add X --context CatalogueDbContext</c> build the SQLite model without a running host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CatalogueDbContext>
{
    public CatalogueDbContext CreateDbContext(string[] args) =>
        new(Catalogue.CreateOptions(Path.Combine(Path.GetTempPath(), "datasetforge-design.db")));
}

/// <summary>Lets <c>dotnet ef migrations add X --context PostgresCatalogueDbContext -o Migrations/Postgres</c> build the PostgreSQL model; it never connects.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCatalogueDbContext>
{
    public PostgresCatalogueDbContext CreateDbContext(string[] args) =>
        new(Catalogue.CreatePostgresOptions(new CatalogueLocation(CatalogueProvider.Postgres, "Host=localhost;Database=datasetforge_design", "public")));
}
