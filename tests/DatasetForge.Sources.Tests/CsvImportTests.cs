using DatasetForge.Core.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Sources.Tests;

public sealed class CsvImportTests : IDisposable
{
    private readonly ImportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task RunAsync_CsvWithBadRows_ImportsTheGoodOnesAndRecordsEachBadOneWithFileAndLine()
    {
        WriteGenderSet();
        var stage = new ImportStage();

        var result = await stage.RunAsync(_fixture.Context());

        result.Stage.ShouldBe(PipelineStage.Import);
        result.Counts["items"].ShouldBe(7);
        result.Counts["new"].ShouldBe(7);
        result.Counts["rejected"].ShouldBe(4);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_fixture.Workspace);
        var persons = await catalogue.Items.Include(p => p.Photo).Include(p => p.Source).ToDictionaryAsync(p => p.Key);
        persons["1001"].Label.ShouldBe("female");
        persons["1001"].Name.ShouldBe("1001");
        persons["1001"].FacetsJson.ShouldBe("""{"gender":"female","site":"north"}""");
        persons["1001"].Photo!.ContentType.ShouldBe("image/jpeg");
        persons["1001"].Source!.Kind.ShouldBe("csv");
        File.Exists(_fixture.Workspace.BlobPath(persons["1001"].Photo!.Sha256)).ShouldBeTrue();
        persons["1002"].Label.ShouldBe("male");
        var rejected = await catalogue.Decisions.Where(d => d.Stage == "import" && d.Outcome == "Rejected").Select(d => d.Reason).ToListAsync();
        rejected.ShouldContain(r => r.StartsWith("data/train.csv:4", StringComparison.Ordinal) && r.Contains("malformed CSV: text after a closing quote", StringComparison.Ordinal));
        rejected.ShouldContain(r => r.StartsWith("data/train.csv:5", StringComparison.Ordinal) && r.Contains("data/train/1005.jpg does not exist", StringComparison.Ordinal));
        rejected.ShouldContain(r => r.StartsWith("data/train.csv:6", StringComparison.Ordinal) && r.Contains("not a JPEG, PNG", StringComparison.Ordinal));
        rejected.ShouldContain(r => r.StartsWith("data/train.csv:7", StringComparison.Ordinal) && r.Contains("truncated JPEG", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Twice_SecondRunChangesNothing()
    {
        WriteGenderSet();
        var stage = new ImportStage();
        await stage.RunAsync(_fixture.Context());
        var before = await SnapshotAsync();

        var second = await stage.RunAsync(_fixture.Context());

        second.Counts["new"].ShouldBe(0);
        second.Counts["changed"].ShouldBe(0);
        second.Counts["unchanged"].ShouldBe(3);
        (await SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task RunAsync_ChangedAndVanishedFiles_AreNoticed()
    {
        WriteGenderSet();
        var stage = new ImportStage();
        await stage.RunAsync(_fixture.Context());
        _fixture.Image("train/1001.jpg", seed: 99);
        File.WriteAllText(_fixture.Data("train.csv"), "id,label,site\n1001,0,north\n1003,1,south\n");

        var result = await stage.RunAsync(_fixture.Context());

        result.Counts["changed"].ShouldBe(1);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_fixture.Workspace);
        var persons = await catalogue.Items.Include(p => p.Photo).ToDictionaryAsync(p => p.Key);
        persons["1001"].Photo!.Sha256.ShouldBe(Core.Workspace.ContentHash.Of(File.ReadAllBytes(_fixture.Data("train/1001.jpg"))));
        persons["1001"].Vanished.ShouldBeFalse();
        persons["1002"].Vanished.ShouldBeTrue();
        persons["1003"].Label.ShouldBe("male");
    }

    [Fact]
    public async Task RunAsync_UnlabelledTestCsv_KeepsItemsWithoutLabelAndFlagsThem()
    {
        File.WriteAllText(_fixture.Data("test.csv"), "id\n2001\n2002\n");
        _fixture.Image("test/2001.jpg", 5);
        _fixture.Image("test/2002.jpg", 6);
        _fixture.Manifest("test.yaml", "source: test\nkind: csv\ncsv: data/test.csv\nimages: data/test\nunlabelled: true\n");

        var result = await new ImportStage().RunAsync(_fixture.Context());

        result.Counts["unlabelled"].ShouldBe(2);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_fixture.Workspace);
        var persons = await catalogue.Items.ToListAsync();
        persons.Count.ShouldBe(2);
        persons.ShouldAllBe(p => p.Label == null && p.PhotoId != null && p.FacetsJson.Contains("\"unlabelled\":\"true\""));
        (await catalogue.Decisions.CountAsync(d => d.Rule == ImportStage.UnlabelledRule && d.Outcome == "Flagged")).ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_CancelledMidway_KeepsWholeBatchesAndTheNextRunFinishes()
    {
        File.WriteAllText(_fixture.Data("train.csv"), "id,label\n" + string.Concat(Enumerable.Range(1, 9).Select(i => $"{i},{i % 2}\n")));
        for (var i = 1; i <= 9; i++)
        {
            _fixture.Image($"train/{i}.jpg", i);
        }

        _fixture.Manifest("train.yaml", "source: train\nkind: csv\ncsv: data/train.csv\nimages: data/train\n");
        using var cancel = new CancellationTokenSource();
        var context = _fixture.Context() with { Progress = new Progress(cancel) };
        var stage = new ImportStage(new ImportOptions { BatchSize = 2 });

        await Should.ThrowAsync<OperationCanceledException>(() => stage.RunAsync(context, cancel.Token));
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(_fixture.Workspace))
        {
            (await catalogue.Items.CountAsync()).ShouldBe(2);
            (await catalogue.StageRuns.SingleAsync()).Status.ShouldBe("cancelled");
        }

        var resumed = await stage.RunAsync(_fixture.Context());

        resumed.Counts["new"].ShouldBe(7);
        resumed.Counts["unchanged"].ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_Latin1Csv_IsReadAsWindows1252WithAWarningNamingTheFileAndLine()
    {
        // "Müll" and "Jürgen" in Latin-1: 0xFC is not valid UTF-8.
        var latin1 = System.Text.Encoding.Latin1;
        File.WriteAllBytes(_fixture.Data("staff.csv"), latin1.GetBytes("id,label,site\n1001,0,north\n1002,1,M\u00FCll\n"));
        _fixture.Image("staff/1001.jpg", 1);
        _fixture.Image("staff/1002.jpg", 2);
        _fixture.Manifest("staff.yaml", """
            source: staff
            kind: csv
            csv: data/staff.csv
            images: data/staff
            values:
              gender: { "0": female, "1": male }
            """);

        var result = await new ImportStage().RunAsync(_fixture.Context());

        result.Counts["new"].ShouldBe(2);
        result.Summary.ShouldContain("data/staff.csv:3: the file is not valid UTF-8; it was read as Windows-1252");
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_fixture.Workspace);
        var person = await catalogue.Items.SingleAsync(p => p.Key == "1002");
        person.FacetsJson.ShouldContain("M\u00FCll");
        person.FacetsJson.ShouldNotContain("\uFFFD");
    }

    [Fact]
    public async Task RunAsync_Utf8Csv_GivesNoEncodingWarning()
    {
        File.WriteAllText(_fixture.Data("staff.csv"), "id,label,site\n1001,0,M\u00FCll\n");
        _fixture.Image("staff/1001.jpg", 1);
        _fixture.Manifest("staff.yaml", "source: staff\nkind: csv\ncsv: data/staff.csv\nimages: data/staff\nvalues:\n  gender: { \"0\": female }\n");

        var result = await new ImportStage().RunAsync(_fixture.Context());

        result.Summary.ShouldNotContain("UTF-8");
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_fixture.Workspace);
        (await catalogue.Items.SingleAsync()).FacetsJson.ShouldContain("M\u00FCll");
    }

    private void WriteGenderSet()
    {
        File.WriteAllText(_fixture.Data("train.csv"), """
            id,label,site
            1001,0,north
            1002,1,north
            1004,"1"x,south
            1005,0,south
            1006,1,south
            1007,0,north
            1003,1,south
            """.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
        _fixture.Image("train/1001.jpg", 1);
        _fixture.Image("train/1002.jpg", 2);
        _fixture.Image("train/1003.jpg", 3);
        _fixture.Image("train/1004.jpg", 4);
        File.WriteAllText(_fixture.Data("train/1006.jpg"), "<html>not an image</html>");
        var whole = ImportFixture.ImageBytes(7);
        File.WriteAllBytes(_fixture.Data("train/1007.jpg"), whole[..(whole.Length / 2)]);
        _fixture.Manifest("train.yaml", """
            source: train
            kind: csv
            csv: data/train.csv
            images: data/train
            values:
              gender: { "0": female, "1": male }
            """);
    }

    private async Task<string> SnapshotAsync()
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(_fixture.Workspace);
        var persons = await catalogue.Items.OrderBy(p => p.Id).Select(p => $"{p.Id}|{p.Key}|{p.Label}|{p.PhotoId}|{p.FacetsJson}|{p.Vanished}|{p.FirstSeenAt:O}").ToListAsync();
        var photos = await catalogue.Photos.OrderBy(p => p.Id).Select(p => $"{p.Id}|{p.Sha256}|{p.Length}").ToListAsync();
        var decisions = await catalogue.Decisions.OrderBy(d => d.Id).Select(d => $"{d.Id}|{d.SubjectId}|{d.Rule}|{d.Outcome}|{d.Reason}|{d.DecidedAt:O}").ToListAsync();
        return string.Join("\n", persons.Concat(photos).Concat(decisions));
    }

    /// <summary>Cancels the run once the first batch has been saved (its progress report).</summary>
    private sealed class Progress(CancellationTokenSource cancel) : IProgress<StageProgress>
    {
        public void Report(StageProgress value) => cancel.Cancel();
    }
}
