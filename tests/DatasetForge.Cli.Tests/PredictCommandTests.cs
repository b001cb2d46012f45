using System.Text.RegularExpressions;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// <c>forge predict</c> as the gender, cartoon and age projects use it: labels in the sources' own coding, a
/// confidence threshold with an explicit 'none', a voted prediction over several runs, the in-process latency, and
/// ids without UTKFace's <c>.jpg.chip.jpg</c>.
/// </summary>
public sealed partial class PredictCommandTests
{
    [Fact]
    public async Task Predict_WritesCodes_NoneBelowTheThreshold_VotesAnEnsemble_AndStripsChipSuffixes()
    {
        using var project = new GarmentProject(perClass: 20, training: "  model: small-cnn\n  inputSize: 32\n  epochs: 1\n  batchSize: 16\n  device: cpu", coded: true);
        foreach (var stage in new[] { "import", "curate", "export" })
        {
            var (stageCode, stageOutput) = await project.ForgeAsync(stage);
            stageCode.ShouldBe(0, stageOutput);
        }

        var (code, output) = await project.ForgeAsync("train", "--folds", "2");
        code.ShouldBe(0, output);
        var runs = FoldRun().Matches(output).Select(m => m.Groups[1].Value).ToList();
        runs.Count.ShouldBe(2, output);
        var photos = Path.Combine(project.Workspace.Root, "new-photos");
        Directory.CreateDirectory(photos);
        var bags = Directory.GetFiles(Path.Combine(project.Data, "8")).Order(StringComparer.Ordinal).Take(3).ToList();
        File.Copy(bags[0], Path.Combine(photos, "20_1_0_20170109.jpg.chip.jpg"));
        File.Copy(bags[1], Path.Combine(photos, "bag-a.png"));
        File.Copy(bags[2], Path.Combine(photos, "bag-b.png"));
        var csv = Path.Combine(project.Workspace.Root, "out.csv");

        (code, output) = await project.ForgeAsync("predict", photos, "--precropped", "--run", runs[0], "--out", csv);
        code.ShouldBe(0, output);
        var lines = await File.ReadAllLinesAsync(csv);
        lines[0].ShouldBe("id,label");
        lines.Skip(1).Select(l => l.Split(',')[0]).ShouldBe(["20_1_0_20170109", "bag-a", "bag-b"]);
        lines.Skip(1).Select(l => l.Split(',')[1]).ShouldAllBe(label => label == "1" || label == "8");
        output.ShouldContain("ms per photo in-process");

        (code, output) = await project.ForgeAsync("predict", photos, "--precropped", "--run", runs[0], "--out", csv, "--label-coding", "names");
        code.ShouldBe(0, output);
        (await File.ReadAllLinesAsync(csv)).Skip(1).Select(l => l.Split(',')[1]).ShouldAllBe(label => label == "trouser" || label == "bag");

        // No probability of a two-class model after one epoch reaches 1: every photo is 'none', with its confidence.
        (code, output) = await project.ForgeAsync("predict", photos, "--precropped", "--run", runs[0], "--out", csv, "--min-confidence", "1");
        code.ShouldBe(0, output);
        lines = await File.ReadAllLinesAsync(csv);
        lines[0].ShouldBe("id,label,confidence");
        lines.Skip(1).ShouldAllBe(l => l.Split(',')[1] == "none" && double.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture) >= 0.5);

        (code, output) = await project.ForgeAsync("predict", photos, "--precropped", "--ensemble", runs[0], runs[1], "--voting", "weighted", "--out", csv);
        code.ShouldBe(0, output);
        output.ShouldContain("an ensemble of 2 runs (weighted voting)");
        (await File.ReadAllLinesAsync(csv)).Length.ShouldBe(4);
    }

    [Fact]
    public async Task PredictSource_ClassifiesTheCatalogueItemsOfAnUnlabelledSource_AsTheSameFilesAreClassified()
    {
        using var project = new GarmentProject(perClass: 20, training: "  model: small-cnn\n  inputSize: 32\n  epochs: 1\n  batchSize: 16\n  device: cpu", coded: true);
        // The gender project's layout: an unlabelled, precropped test set beside the labelled source.
        var folder = Path.GetDirectoryName(project.Data)!;
        var test = Path.Combine(folder, "test");
        Directory.CreateDirectory(test);
        var originals = Directory.GetFiles(Path.Combine(project.Data, "1")).Order(StringComparer.Ordinal).Take(2)
            .Concat(Directory.GetFiles(Path.Combine(project.Data, "8")).Order(StringComparer.Ordinal).Take(2)).ToList();
        for (var i = 0; i < originals.Count; i++)
        {
            File.Copy(originals[i], Path.Combine(test, $"{101 + i}.png"));
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "test.yaml"), "source: test\nkind: folder\npath: test\nunlabelled: true\nprecropped: true\n");
        foreach (var stage in new[] { "import", "curate", "export", "train" })
        {
            var (stageCode, stageOutput) = await project.ForgeAsync(stage);
            stageCode.ShouldBe(0, stageOutput);
        }

        var bySource = Path.Combine(project.Workspace.Root, "by-source.csv");
        var (code, output) = await project.ForgeAsync("predict", "--source", "test", "--out", bySource);
        code.ShouldBe(0, output);
        var lines = await File.ReadAllLinesAsync(bySource);
        lines[0].ShouldBe("id,label");
        lines.Skip(1).Select(l => l.Split(',')[0]).ShouldBe(["101", "102", "103", "104"]);
        lines.Skip(1).Select(l => l.Split(',')[1]).ShouldAllBe(label => label == "1" || label == "8");
        output.ShouldContain("predicted 4 of 4 photos");

        // The same images as files, cut as a precropped source is cut: the same labels.
        var byFile = Path.Combine(project.Workspace.Root, "by-file.csv");
        (code, output) = await project.ForgeAsync("predict", test, "--precropped", "--out", byFile);
        code.ShouldBe(0, output);
        (await File.ReadAllLinesAsync(byFile)).ShouldBe(lines);

        (code, output) = await project.ForgeAsync("predict", "--source", "tset", "--out", bySource);
        code.ShouldBe(1);
        output.ShouldContain("no source named 'tset'");
        output.ShouldContain("garments, test");
        (code, output) = await project.ForgeAsync("predict", test, "--source", "test", "--out", bySource);
        code.ShouldBe(1);
        output.ShouldContain("not both");
    }

    [GeneratedRegex(@"run (cv-\S+/fold-\d+)")]
    private static partial Regex FoldRun();
}
