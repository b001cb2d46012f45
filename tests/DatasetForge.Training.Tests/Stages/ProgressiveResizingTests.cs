using DatasetForge.Core.Definitions;
using DatasetForge.Torch.Native;
using DatasetForge.Training.Data;
using DatasetForge.Training.Models;
using DatasetForge.Training.Runs;
using DatasetForge.Training.Stages;
using DatasetForge.Training.Tests.Support;
using OpenCvSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace DatasetForge.Training.Tests.Stages;

/// <summary>Progressive resizing (<c>progressiveSize</c>, <c>progressiveEpochs</c>) on real Fashion-MNIST images and real TorchSharp.</summary>
[Collection(TorchCollection.Name)]
public sealed class ProgressiveResizingTests
{
    [Fact]
    public void Fit_TrainsTheFirstEpochsAtTheSmallSide_TheRestAndEveryValidationAtTheFullSide()
    {
        var options = new TrainingOptions
        {
            Model = ResNet.Name18, InputSize = 32, ProgressiveSize = 16, ProgressiveEpochs = 2, Epochs = 3, BatchSize = 8, Patience = 0, Device = "cpu",
            FlipProbability = 0.5, ShiftFraction = 1.0 / 16,
        };
        TrainStage.Validate(options);
        TorchNative.EnsureLoaded();
        torch.manual_seed(1);
        using var model = new RecordingResNet(new ModelShape(1, options.InputSize, 2));
        var images = FashionMnist.Read([1, 8], 12);

        var epochs = Fit(model, options, Set(images, 32), Set(images, 16), Set(images.Take(8).ToList(), 32));

        epochs.Select(e => e.InputSize).ShouldBe([16, 16, 32]);
        // Forward passes in training mode: 3 batches of 8 per epoch, the first two epochs at 16 px, the last at 32.
        model.Seen.Where(s => s.Training).Select(s => s.Side).ShouldBe([16, 16, 16, 16, 16, 16, 32, 32, 32]);
        // Validation (evaluation mode) after every epoch, always at the input size the run is evaluated and used at.
        model.Seen.Where(s => !s.Training).Select(s => s.Side).ShouldBe([32, 32, 32]);
    }

    [Fact]
    public void Fit_WithFreezing_TrainsOnlyTheUnfrozenBlockAtBothSides_AndFrozenBatchNormKeepsItsStatistics()
    {
        var options = new TrainingOptions
        {
            Model = ResNet.Name18, Freeze = "1", InitialWeights = "pretrained.bin", BackboneLearningRate = 1e-4, InputSize = 32, ProgressiveSize = 16,
            Epochs = 2, BatchSize = 8, Patience = 0, Device = "cpu",
        };
        TrainStage.Validate(options);
        TorchNative.EnsureLoaded();
        torch.manual_seed(1);
        using var model = new RecordingResNet(new ModelShape(1, options.InputSize, 2));
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        var images = FashionMnist.Read([1, 8], 12);

        var epochs = Fit(model, options, Set(images, 32), Set(images, 16), validation: null);

        epochs.Select(e => e.InputSize).ShouldBe([16, 32]);
        var changed = model.state_dict().Where(p => !p.Value.equal(before[p.Key]).all().item<bool>()).Select(p => p.Key).ToList();
        changed.ShouldAllBe(n => n.StartsWith("layer4.1.", StringComparison.Ordinal) || n.StartsWith("fc.", StringComparison.Ordinal));
        changed.ShouldContain("layer4.1.conv1.weight");
        changed.ShouldContain("layer4.1.bn2.running_mean");
        changed.ShouldContain("fc.weight");
    }

    [Fact]
    public async Task TrainStage_WithProgressiveSize_BuildsBothTensorFiles_LogsEachEpochsSide_AndEvaluatesAtTheFullSide()
    {
        var training = new TrainingOptions
        {
            Model = ResNet.Name18, InputSize = 32, ProgressiveSize = 16, Epochs = 2, BatchSize = 8, Patience = 4, Device = "cpu",
        };
        await using var version = await TestVersion.CreateAsync(fashionClasses: [1, 8], perClass: 12, training: training);
        var context = version.Context();

        var trained = await new TrainStage().RunAsync(context);
        var evaluated = await new EvaluateStage().RunAsync(context);

        var folder = trained.Artifacts[0];
        var lines = await File.ReadAllLinesAsync(Path.Combine(folder, RunFiles.Epochs));
        lines[0].Split(',')[^1].ShouldBe("size");
        EpochLog.Read(Path.Combine(folder, RunFiles.Epochs)).Select(e => e.InputSize).ShouldBe([16, 32]);
        var versionId = (await RunDescription.ReadAsync(folder)).VersionId;
        File.Exists(TensorFile.PathFor(version.Workspace, versionId, 16)).ShouldBeTrue();
        File.Exists(TensorFile.PathFor(version.Workspace, versionId, 32)).ShouldBeTrue();
        (await RunDescription.ReadAsync(folder)).InputSize.ShouldBe(32);
        evaluated.Counts["evaluated"].ShouldBe(1, evaluated.Summary);
    }

    [Theory]
    [InlineData("small-cnn", 16, null, 4, "any input size")]
    [InlineData("vgg-bn", 16, null, 4, "any input size")]
    [InlineData("resnet18", 32, null, 4, "smaller than inputSize (32)")]
    [InlineData("resnet18", 4, null, 4, "at least 8")]
    [InlineData("resnet18", 16, 4, 4, "fewer than epochs (4)")]
    [InlineData("resnet18", 16, null, 1, "fewer than epochs (1)")]
    [InlineData("resnet18", null, 2, 4, "progressiveEpochs needs progressiveSize")]
    public void Validate_AProgressiveResizeThatCannotApply_NamesWhy(string model, int? size, int? epochs, int totalEpochs, string expected)
    {
        var options = new TrainingOptions { Model = model, InputSize = 32, ProgressiveSize = size, ProgressiveEpochs = epochs, Epochs = totalEpochs };

        Should.Throw<ArgumentException>(() => TrainStage.Validate(options)).Message.ShouldContain(expected);
    }

    [Fact]
    public void ProgressiveEpochs_DefaultsToHalfTheEpochs_AndIsZeroWhenOff()
    {
        ModelTrainer.ProgressiveEpochs(new TrainingOptions { ProgressiveSize = 32, Epochs = 9 }).ShouldBe(4);
        ModelTrainer.ProgressiveEpochs(new TrainingOptions { ProgressiveSize = 32, Epochs = 2 }).ShouldBe(1);
        ModelTrainer.ProgressiveEpochs(new TrainingOptions { ProgressiveSize = 32, ProgressiveEpochs = 3, Epochs = 9 }).ShouldBe(3);
        ModelTrainer.ProgressiveEpochs(new TrainingOptions { Epochs = 9 }).ShouldBe(0);
    }

    private static List<EpochRecord> Fit(
        nn.Module<Tensor, Tensor> model, TrainingOptions options, ImageSet train, ImageSet small, ImageSet? validation)
    {
        var folder = Directory.CreateTempSubdirectory("forge-progressive-").FullName;
        try
        {
            var epochs = new List<EpochRecord>();
            ModelTrainer.Fit(
                model, train, validation, new TrainerSettings(options, 1, folder) { ProgressiveTrain = small }, torch.CPU, TimeProvider.System, epochs.Add);
            return epochs;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ImageSet Set(IReadOnlyList<(int Label, byte[] Pixels)> images, int size)
    {
        var items = images.Select((image, i) => new VersionItem($"garment-{i}", FashionMnist.ClassNames[image.Label], image.Label == 1 ? 0 : 1, "train", string.Empty, string.Empty)).ToList();
        var decoded = images.Select((image, i) =>
        {
            using var mat = Mat.FromPixelData(28, 28, MatType.CV_8UC1, image.Pixels);
            return ImageDecoder.FromMat(mat, size, $"garment-{i}");
        }).ToList();
        return new ImageSet(items, decoded, 1, size);
    }

    /// <summary>ResNet-18 that records the side of every batch it sees and whether it was in training mode.</summary>
    private sealed class RecordingResNet(ModelShape shape) : ResNet(shape, [2, 2, 2, 2])
    {
        public List<(bool Training, long Side)> Seen { get; } = [];

        public override Tensor forward(Tensor input)
        {
            Seen.Add((training, input.shape[3]));
            return base.forward(input);
        }
    }
}
