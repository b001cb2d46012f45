using DatasetForge.Core.Definitions;

namespace DatasetForge.Manifests.Tests;

public sealed class ImportManifestTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("forge-import-manifests-").FullName;
    private readonly string _scrapers;
    private readonly string _dataset;

    public ImportManifestTests()
    {
        _scrapers = Directory.CreateDirectory(Path.Combine(_root, "scrapers")).FullName;
        _dataset = Directory.CreateDirectory(Path.Combine(_root, "manifests", "faces")).FullName;
        File.WriteAllText(Path.Combine(_dataset, "dataset.yaml"), "dataset: faces\nlabel: gender\n");
        Directory.CreateDirectory(Path.Combine(_dataset, "data", "train"));
        Directory.CreateDirectory(Path.Combine(_dataset, "data", "utk"));
        File.WriteAllText(Path.Combine(_dataset, "data", "train.csv"), "id,label\n");
        File.WriteAllBytes(Path.Combine(_dataset, "data", "ep1.avi"), [0]);
        File.WriteAllBytes(Path.Combine(_dataset, "data", "images.gz"), [0]);
        File.WriteAllBytes(Path.Combine(_dataset, "data", "labels.gz"), [0]);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void LoadDataset_EveryImportKind_ReadsSettingsWithPathsRelativeToTheManifest()
    {
        Write("train.yaml", """
            source: train
            kind: csv
            csv: data/train.csv
            images: data/train
            precropped: true
            values:
              gender: { "0": female, "1": male }
            """);
        Write("utk.yaml", """
            source: utk
            kind: filename
            path: data/utk
            pattern: '^(?<age>\d+)_(?<gender>[01])_'
            numbers: [age]
            """);
        Write("cartoons.yaml", """
            source: cartoons
            kind: folder
            path: data
            extensions: [.png]
            """);
        Write("episode.yaml", """
            source: episode
            kind: video
            path: data/ep1.avi
            label: homer
            everyFrames: 25
            crops: [left, right]
            """);
        Write("mnist.yaml", """
            source: mnist
            kind: idx
            images: data/images.gz
            labels: data/labels.gz
            """);

        var sources = new ManifestLoader().LoadDataset(_dataset, _scrapers).Sources.ToDictionary(s => s.Name);

        var train = sources["train"];
        train.Kind.ShouldBe(SourceKind.Csv);
        train.Precropped.ShouldBeTrue();
        train.Import!.Csv.ShouldBe(Path.Combine(_dataset, "data", "train.csv"));
        train.Import.Images.ShouldBe(Path.Combine(_dataset, "data", "train"));
        train.Import.Values["gender"]["1"].ShouldBe("male");
        sources["utk"].Import!.Numbers.ShouldBe(["age"]);
        sources["utk"].Import!.Pattern.ShouldStartWith("^(?<age>");
        sources["cartoons"].Import!.Extensions.ShouldBe([".png"]);
        sources["episode"].Import!.EveryFrames.ShouldBe(25);
        sources["episode"].Import!.Crops.ShouldBe([VideoCrop.Left, VideoCrop.Right]);
        sources["episode"].Label.ShouldBe("homer");
        sources["mnist"].Import!.Labels.ShouldBe(Path.Combine(_dataset, "data", "labels.gz"));
    }

    [Fact]
    public void LoadDataset_BadImportManifests_ReportFileLineAndField()
    {
        Write("a.yaml", """
            source: a
            kind: csv
            csv: data/missing.csv
            images: data/train
            """);
        Write("b.yaml", """
            source: b
            kind: filename
            path: data/utk
            pattern: '^(\d+)_('
            """);
        Write("c.yaml", """
            source: c
            kind: video
            path: data/ep1.avi
            everySeconds: 2
            everyFrames: 10
            crops: [top]
            """);
        Write("d.yaml", """
            source: d
            kind: folder
            path: data
            url: https://example.org/
            """);
        Write("e.yaml", """
            source: e
            kind: tarball
            """);

        var errors = Should.Throw<ManifestException>(() => new ManifestLoader().LoadDataset(_dataset, _scrapers)).Errors;

        errors.ShouldContain(e => e.File.EndsWith("a.yaml", StringComparison.Ordinal) && e.Line == 3 && e.Field == "csv" && e.Message.Contains("not an existing file", StringComparison.Ordinal));
        errors.ShouldContain(e => e.File.EndsWith("b.yaml", StringComparison.Ordinal) && e.Field == "pattern" && e.Message.Contains("regular expression", StringComparison.Ordinal));
        errors.ShouldContain(e => e.File.EndsWith("c.yaml", StringComparison.Ordinal) && e.Field == "everyFrames");
        errors.ShouldContain(e => e.File.EndsWith("c.yaml", StringComparison.Ordinal) && e.Field == "crops" && e.Message.Contains("'top'", StringComparison.Ordinal));
        errors.ShouldContain(e => e.File.EndsWith("c.yaml", StringComparison.Ordinal) && e.Field == "label");
        errors.ShouldContain(e => e.File.EndsWith("d.yaml", StringComparison.Ordinal) && e.Line == 4 && e.Field == "url" && e.Message.Contains("unknown field", StringComparison.Ordinal));
        errors.ShouldContain(e => e.File.EndsWith("e.yaml", StringComparison.Ordinal) && e.Field == "kind" && e.Message.Contains("csv", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadDataset_VideoWithLabelsCsv_NeedsNoLabel_AndAnUnlabelledVideoTakesNoLabels()
    {
        File.WriteAllText(Path.Combine(_dataset, "data", "ep1.labels.csv"), "time,crop,label\n");
        Write("episode.yaml", """
            source: episode
            kind: video
            path: data/ep1.avi
            labels: data/ep1.labels.csv
            crops: [left, right]
            """);

        var episode = new ManifestLoader().LoadDataset(_dataset, _scrapers).Sources.Single();

        episode.Label.ShouldBeNull();
        episode.Import!.Labels.ShouldBe(Path.Combine(_dataset, "data", "ep1.labels.csv"));

        Write("episode.yaml", """
            source: episode
            kind: video
            path: data/ep1.avi
            labels: data/missing.csv
            unlabelled: true
            """);
        var errors = Should.Throw<ManifestException>(() => new ManifestLoader().LoadDataset(_dataset, _scrapers)).Errors;
        errors.ShouldContain(e => e.Field == "labels" && e.Message.Contains("not an existing file", StringComparison.Ordinal));
        errors.ShouldContain(e => e.Field == "labels" && e.Message.Contains("unlabelled source gives no labels", StringComparison.Ordinal));
    }

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_dataset, name), content);
}
