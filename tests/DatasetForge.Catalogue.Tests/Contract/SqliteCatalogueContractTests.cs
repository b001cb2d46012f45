using DatasetForge.Core.Workspace;

namespace DatasetForge.Catalogue.Tests.Contract;

/// <summary>The contract on the default provider: a SQLite file in the dataset's folder.</summary>
public sealed class SqliteCatalogueContractTests : CatalogueContractTests
{
    protected override Task<DatasetWorkspace> WorkspaceAsync(string dataset = "contract") =>
        Task.FromResult(new DatasetWorkspace(Temp.RootDirectory, dataset));
}
