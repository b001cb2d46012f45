using DatasetForge.Core.Definitions;
using DatasetForge.Core.Versions;
using DatasetForge.Training.CrossValidation;
using DatasetForge.Training.Tests.Support;

namespace DatasetForge.Training.Tests.CrossValidation;

[Collection(TorchCollection.Name)]
public sealed class CrossValidatorTests
{
    private static readonly TrainingOptions Training = new() { InputSize = 32, Epochs = 2, BatchSize = 16, LearningRate = 2e-3, Patience = 2, Device = "cpu" };

    [Fact]
    public async Task FoldsCsv_DecidesTheFolds_AndTheResultIsMeanAndSpreadOverThem()
    {
        await using var version = await TestVersion.CreateAsync(fashionClasses: [1, 8], perClass: 30, training: Training);
        var pool = version.Manifest.Items.Where(i => i.Split != "test").ToList();
        // The export's layout: header line, then id,fold; three folds dealt in turn.
        await File.WriteAllLinesAsync(
            Path.Combine(version.VersionFolder, VersionFolds.FileName),
            ["id,fold", .. pool.Select((item, n) => $"{item.Id},{n % 3}")]);

        var result = await CrossValidator.RunAsync(version.Workspace, version.Version, Training, seed: 7);

        result.FoldSource.ShouldBe("folds.csv");
        result.MetricName.ShouldBe("accuracy");
        result.Folds.Select(f => f.Fold).ShouldBe([0, 1, 2]);
        result.Folds.Sum(f => f.ValidationCount).ShouldBe(pool.Count);
        result.Folds.ShouldAllBe(f => f.TrainCount + f.ValidationCount == pool.Count && f.EpochsRun == 2);
        result.Folds[1].ValidationCount.ShouldBe(pool.Count(item => pool.IndexOf(item) % 3 == 1));
        result.Mean.ShouldBe(result.Folds.Average(f => f.Metric), 1e-12);
        result.Mean.ShouldBeGreaterThan(0.6, "trousers against bags is an easy pair");
        var spread = Math.Sqrt(result.Folds.Sum(f => Math.Pow(f.Metric - result.Mean, 2)) / 2);
        result.StandardDeviation.ShouldBe(spread, 1e-12);
        File.Exists(Path.Combine(result.Folder, "cross-validation.json")).ShouldBeTrue();
        File.Exists(Path.Combine(result.Folder, "fold-2", "model.bin")).ShouldBeTrue();
    }

    [Fact]
    public async Task WithoutFoldsCsv_TheTrainerAssignsGroupedFolds()
    {
        var oneEpoch = new TrainingOptions { InputSize = 32, Epochs = 1, BatchSize = 16, LearningRate = 2e-3, Device = "cpu" };
        await using var version = await TestVersion.CreateAsync(fashionClasses: [1, 8], perClass: 24, training: oneEpoch);

        var result = await CrossValidator.RunAsync(version.Workspace, version.Version, oneEpoch, seed: 7, folds: 2);

        result.FoldSource.ShouldBe("assigned");
        result.Folds.Count.ShouldBe(2);
        result.Folds.Sum(f => f.ValidationCount).ShouldBe(version.Manifest.Items.Count(i => i.Split != "test"));
    }

    [Fact]
    public async Task AMalformedFoldsCsv_IsAnErrorNamingFileAndLine()
    {
        await using var version = await TestVersion.CreateAsync(fashionClasses: [1, 8], perClass: 6, training: Training);
        var path = Path.Combine(version.VersionFolder, VersionFolds.FileName);
        await File.WriteAllLinesAsync(path, ["id,fold", "abc,0", "def,first"]);

        var error = await Should.ThrowAsync<InvalidDataException>(() => CrossValidator.RunAsync(version.Workspace, version.Version, Training, seed: 7));

        error.Message.ShouldContain(path + ":3");
    }
}
