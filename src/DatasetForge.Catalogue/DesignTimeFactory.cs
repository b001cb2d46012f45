using Microsoft.EntityFrameworkCore.Design;

namespace DatasetForge.Catalogue;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CatalogueDbContext>
{
    public CatalogueDbContext CreateDbContext(string[] args) =>
        new(Catalogue.CreateOptions(Path.Combine(Path.GetTempPath(), "datasetforge-design.db")));
}
