using System.Globalization;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Cli.Tests;

/// <summary><c>forge review --label &lt;id&gt; &lt;label&gt;</c>: a reviewer's label, recorded in the catalogue like other review decisions.</summary>
public sealed class ReviewLabelCommandTests : IAsyncLifetime
{
    private readonly TempWorkspace _temp = new("demo");
    private int _itemId;

    public async Task InitializeAsync()
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        var source = new SourceRecord { Name = "uni-a", Kind = "web" };
        catalogue.Sources.Add(source);
        await catalogue.SaveChangesAsync();
        var item = new ItemRecord { SourceId = source.Id, Key = "name:anna berger", Kind = ItemKinds.Person, Name = "Anna Berger", Label = "cs" };
        catalogue.Items.Add(item);
        await catalogue.SaveChangesAsync();
        _itemId = item.Id;
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Review_Label_RecordsTheReviewersLabelAsAReviewDecisionAndListsIt()
    {
        var id = _itemId.ToString(CultureInfo.InvariantCulture);

        var (code, output) = await ForgeAsync("review", "--label", id, "economics", "--reason", "the economics page is the home department");

        code.ShouldBe(0, output);
        output.ShouldContain("economics");
        output.ShouldContain("forge curate");
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace))
        {
            var decision = await catalogue.Decisions.SingleAsync(d => d.SubjectId == _itemId && d.Rule == Rules.ReviewLabel);
            decision.Stage.ShouldBe("review");
            ReviewLabels.Decode(decision.Reason).ShouldBe("economics");
            decision.Reason.ShouldContain("the economics page is the home department");
            (await catalogue.Items.SingleAsync(p => p.Id == _itemId)).Label.ShouldBe("cs", "the listed label stays; the reviewer's is read over it");
        }

        (code, output) = await ForgeAsync("review", "--label", id, "german", "--reason", "second thoughts");
        code.ShouldBe(0, output);
        (code, output) = await ForgeAsync("review", "--rule", Rules.ReviewLabel);
        code.ShouldBe(0, output);
        output.ShouldContain("german");
        output.ShouldContain("1 decision(s)");
    }

    [Theory]
    [InlineData("--label|x|economics|--reason|why", "is not an item id")]
    [InlineData("--label|{id}|economics", "reason")]
    [InlineData("--label|999|economics|--reason|why", "no person #999")]
    [InlineData("--label|{id}|economics|--accept|{id}|--reason|why", "--label alone")]
    public async Task Review_LabelMisused_IsRefusedWithAClearMessage(string arguments, string message)
    {
        var args = arguments.Replace("{id}", _itemId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal).Split('|');

        var (code, output) = await ForgeAsync(["review", .. args]);

        code.ShouldNotBe(0, output);
        output.ShouldContain(message, Case.Insensitive);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_temp.Workspace);
        (await catalogue.Decisions.AnyAsync(d => d.Rule == Rules.ReviewLabel)).ShouldBeFalse();
    }

    private async Task<(int Code, string Output)> ForgeAsync(params string[] args)
    {
        var console = new ConsoleCapture();
        var code = await new ForgeApp(console.Console).RunAsync(
        [
            .. args,
            "-d", "demo",
            "--manifests", RepositoryPaths.Manifests,
            "--scrapers", RepositoryPaths.Scrapers,
            "--workspace", _temp.RootDirectory,
        ]);
        return (code, console.Text);
    }
}
