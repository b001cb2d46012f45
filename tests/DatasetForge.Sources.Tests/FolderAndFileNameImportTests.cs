using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Sources.Tests;

public sealed class FolderAndFileNameImportTests
{
    [Fact]
    public async Task RunAsync_FolderPerClass_LabelsEachImageByItsFolder()
    {
        using var fixture = new ImportFixture("dataset: cartoons\nlabel: character\n");
        fixture.Image("cartoons/homer/a.jpg", 1);
        fixture.Image("cartoons/homer/deeper/b.png", 2);
        fixture.Image("cartoons/marge/c.jpg", 3);
        fixture.Image("cartoons/stray.jpg", 4);
        File.WriteAllText(fixture.Data("cartoons/marge/notes.txt"), "not an image");
        fixture.Manifest("cartoons.yaml", "source: cartoons\nkind: folder\npath: data/cartoons\nfacets:\n  show: simpsons\n");

        var result = await new ImportStage().RunAsync(fixture.Context());

        result.Counts["items"].ShouldBe(4);
        result.Counts["rejected"].ShouldBe(1);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        var persons = await catalogue.Items.ToDictionaryAsync(p => p.Key);
        persons["homer/a.jpg"].Label.ShouldBe("homer");
        persons["homer/deeper/b.png"].Label.ShouldBe("homer");
        persons["marge/c.jpg"].Label.ShouldBe("marge");
        persons["marge/c.jpg"].FacetsJson.ShouldBe("""{"character":"marge","show":"simpsons"}""");
        var stray = await catalogue.Decisions.SingleAsync(d => d.SubjectId == persons["stray.jpg"].Id && d.Rule == ImportStage.ImportRule);
        stray.Outcome.ShouldBe("Rejected");
        stray.Reason.ShouldContain("data/cartoons/stray.jpg is not inside a class folder");
    }

    [Fact]
    public async Task RunAsync_UtkFaceNames_ReadAgeAsANumberLabelAndMapsGenderAndRace()
    {
        using var fixture = new ImportFixture("dataset: ages\nlabel: age\nlabelKind: number\n");
        fixture.Image("utk/26_0_2_20170104023102422.jpg.chip.jpg", 1);
        fixture.Image("utk/part2/007_1_0_20170109150557335.jpg.chip.jpg", 2);
        fixture.Image("utk/61_1_9_20170109150557335.jpg.chip.jpg", 3);
        fixture.Image("utk/39_1_20170116174525125.jpg.chip.jpg", 4);
        fixture.Manifest("utk.yaml", """
            source: utk
            kind: filename
            path: data/utk
            pattern: '^(?<age>\d+)_(?<gender>\d)_(?<race>\d)_(?<date>\d+)'
            values:
              gender: { "0": male, "1": female }
              race: { "0": white, "1": black, "2": asian, "3": indian, "4": others }
            """);

        var result = await new ImportStage().RunAsync(fixture.Context());

        result.Counts["rejected"].ShouldBe(2);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        var persons = await catalogue.Items.ToDictionaryAsync(p => p.Key);
        persons["26_0_2_20170104023102422.jpg.chip.jpg"].Label.ShouldBe("26");
        persons["26_0_2_20170104023102422.jpg.chip.jpg"].FacetsJson.ShouldBe("""{"age":"26","date":"20170104023102422","gender":"male","race":"asian"}""");
        persons["part2/007_1_0_20170109150557335.jpg.chip.jpg"].Label.ShouldBe("7");
        var reasons = await catalogue.Decisions.Where(d => d.Outcome == "Rejected").Select(d => d.Reason).ToListAsync();
        reasons.ShouldContain(r => r.StartsWith("data/utk/61_1_9_", StringComparison.Ordinal) && r.Contains("race '9' is not in the manifest's value map", StringComparison.Ordinal));
        reasons.ShouldContain(r => r.StartsWith("data/utk/39_1_20170116174525125", StringComparison.Ordinal) && r.Contains("does not match the pattern", StringComparison.Ordinal));
    }
}
