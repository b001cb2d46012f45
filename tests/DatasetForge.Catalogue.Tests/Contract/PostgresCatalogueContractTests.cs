using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Workspace;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Catalogue.Tests.Contract;

/// <summary>The contract on a real PostgreSQL server the tests start on loopback, one database per test.</summary>
public sealed class PostgresCatalogueContractTests : CatalogueContractTests
{
    private string? _database;

    protected override async Task<DatasetWorkspace> WorkspaceAsync(string dataset = "contract")
    {
        _database ??= await PostgresServer.Shared.CreateDatabaseAsync();
        return new DatasetWorkspace(Temp.RootDirectory, dataset) { Catalogue = _database };
    }

    [Fact]
    public async Task TwoDatasets_OnOneDatabase_EachKeepToTheirOwnSchema()
    {
        var first = await WorkspaceAsync("faces-a");
        var second = await WorkspaceAsync("faces-b");
        await using (var a = await Catalogue.OpenAsync(first))
        {
            a.Sources.Add(new SourceRecord { Name = "only-in-a", Kind = "web" });
            await a.SaveChangesAsync();
        }

        await using var b = await Catalogue.OpenAsync(second);
        (await b.Sources.CountAsync()).ShouldBe(0);
        await using var again = await Catalogue.OpenAsync(first);
        (await again.Sources.SingleAsync()).Name.ShouldBe("only-in-a");
        CatalogueLocation.For(first).Schema.ShouldBe("ds_faces_a");
    }

    [Fact]
    public async Task Url_WithUserAndDatabase_BecomesAConnectionStringWithTheDatasetsSchema()
    {
        var workspace = new DatasetWorkspace(Temp.RootDirectory, "Academic.Major") { Catalogue = "postgres://forge:s%40cret@db.example:6543/forge?sslmode=disable" };

        var location = CatalogueLocation.For(workspace);

        location.Provider.ShouldBe(CatalogueProvider.Postgres);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(location.ConnectionString);
        (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SearchPath)
            .ShouldBe(("db.example", 6543, "forge", "s@cret", "forge", "ds_academic_major"));
        location.Describe().ShouldNotContain("s@cret");
    }

    [Fact]
    public async Task Open_ServerNotListening_SaysWhichServerWithoutThePassword()
    {
        var workspace = new DatasetWorkspace(Temp.RootDirectory, "x") { Catalogue = "postgres://forge:hunter2@127.0.0.1:1/forge?timeout=2" };

        var error = await Should.ThrowAsync<CatalogueUnavailableException>(() => Catalogue.OpenAsync(workspace));

        error.Message.ShouldContain("127.0.0.1:1/forge");
        error.Message.ShouldNotContain("hunter2");
    }
}
