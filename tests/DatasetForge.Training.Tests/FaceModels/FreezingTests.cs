using DatasetForge.Core.Definitions;
using DatasetForge.Torch.Native;
using DatasetForge.Training.Data;
using DatasetForge.Training.Models;
using DatasetForge.Training.Runs;
using DatasetForge.Training.Stages;
using DatasetForge.Training.Tests.Support;
using OpenCvSharp;
using TorchSharp;
using TorchSharp.Modules;

namespace DatasetForge.Training.Tests.FaceModels;

[Collection(TorchCollection.Name)]
public sealed class FreezingTests
{
    [Fact]
    public void FaceFineTune_FreezeOne_ChangesOnlyConv256DownOutAndTheHead()
    {
        // One-cycle over two parameter groups, each cycled from its own peak rate; Adam moves every trained weight.
        var options = new TrainingOptions
        {
            Model = FaceRecognitionModel.FineTuneName, Freeze = "1", InputSize = 64, Epochs = 1, BatchSize = 8, LearningRate = 0.01,
            BackboneLearningRate = 1e-3, Schedule = "onecycle", Device = "cpu",
        };
        using var model = Build(options, classes: 2);
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        Fit(model, options, RealFaceSet(options.InputSize, 16));

        var changed = model.state_dict().Where(p => !p.Value.equal(before[p.Key]).all().item<bool>()).Select(p => p.Key).ToList();
        var expected = model.named_parameters().Select(p => p.name)
            .Where(n => n.StartsWith("backbone.conv256_down_out.", StringComparison.Ordinal) || n.StartsWith("head.", StringComparison.Ordinal))
            .ToList();
        expected.Count.ShouldBeGreaterThan(4);
        changed.ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public void FaceFineTune_Optimizer_HasTheHeadAtTheLearningRateAndTheTrainedBlocksAtTheBackboneRate()
    {
        var options = new TrainingOptions { Model = FaceRecognitionModel.FineTuneName, InputSize = 64, LearningRate = 1e-3 };
        using var model = Build(options, classes: 3);

        var plan = ModelTrainer.Freeze(model, options);
        using var optimizer = ModelTrainer.CreateOptimizer(model, options);
        using var slower = ModelTrainer.CreateOptimizer(model, new TrainingOptions
        {
            Model = FaceRecognitionModel.FineTuneName, LearningRate = 1e-3, BackboneLearningRate = 2e-5, Optimizer = "sgd", Momentum = 0.8,
        });

        plan.TrainableBlocks.ShouldBe(["backbone.conv256_1", "backbone.conv256_2", "backbone.conv256_down_out"]);
        var groups = optimizer.ParamGroups.Cast<ParamGroup>().ToList();
        groups.Select(g => g.LearningRate).ShouldBe([1e-3, 1e-5], tolerance: 1e-12);
        groups[0].Parameters.Count().ShouldBe(4, "head.dense and head.logits, weight and bias");
        var trunk = model.named_parameters().Where(p => plan.TrainableBlocks.Any(b => Freezing.HasPrefix(p.name, b))).Select(p => p.parameter.Handle);
        groups[1].Parameters.Select(p => p.Handle).ShouldBe(trunk, ignoreOrder: true);
        slower.ParamGroups.Select(g => g.LearningRate).ShouldBe([1e-3, 2e-5], tolerance: 1e-12);
        slower.ParamGroups.Cast<SGD.ParamGroup>().ShouldAllBe(g => Math.Abs(g.Momentum - 0.8) < 1e-12);
    }

    [Fact]
    public void FaceEmbedding_FrozenBackbone_StaysInEvalModeWhileTheHeadTrains()
    {
        var options = new TrainingOptions { Model = FaceRecognitionModel.EmbeddingName, InputSize = 64 };
        using var model = Build(options, classes: 2);

        var plan = ModelTrainer.Freeze(model, options);
        model.train();
        Freezing.KeepFrozenInEval(model);

        plan.Freeze.ShouldBe(Freezing.All);
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        modules["backbone"].training.ShouldBeFalse();
        modules["backbone.conv256_down_out"].training.ShouldBeFalse();
        modules["head"].training.ShouldBeTrue();
        modules["head.dropout"].training.ShouldBeTrue();
        model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name)
            .ShouldBe(["head.dense.weight", "head.dense.bias", "head.logits.weight", "head.logits.bias"]);
    }

    [Fact]
    public void ResNetFromInitialWeights_FreezeOne_TrainsOnlyTheLastBlockAndFc_AndFrozenBatchNormKeepsItsStatistics()
    {
        var options = new TrainingOptions
        {
            Model = ResNet.Name18, Freeze = "1", InitialWeights = "pretrained.bin", InputSize = 32, Epochs = 1, BatchSize = 8, LearningRate = 1e-3, Device = "cpu",
        };
        TrainStage.Validate(options);
        using var model = Build(options, classes: 2);
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        Fit(model, options, RealFaceSet(options.InputSize, 16));

        var changed = model.state_dict().Where(p => !p.Value.equal(before[p.Key]).all().item<bool>()).Select(p => p.Key).ToList();
        changed.ShouldNotBeEmpty();
        changed.ShouldAllBe(n => n.StartsWith("layer4.1.", StringComparison.Ordinal) || n.StartsWith("fc.", StringComparison.Ordinal));
        changed.ShouldContain("layer4.1.bn2.running_mean");
        changed.ShouldContain("fc.weight");
    }

    [Theory]
    [InlineData("face-finetune", "some", "all, none or a number")]
    [InlineData("face-finetune", "-1", "all, none or a number")]
    [InlineData("face-finetune", "15", "14: ")]
    [InlineData("resnet18", "2", "initialWeights")]
    public void Validate_AFreezeThatCannotApply_NamesWhy(string model, string freeze, string expected)
    {
        var error = Should.Throw<ArgumentException>(() => TrainStage.Validate(new TrainingOptions { Model = model, Freeze = freeze }));

        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void Validate_BackboneOptionsOutOfRange_AreErrors()
    {
        Should.Throw<ArgumentException>(() => TrainStage.Validate(new TrainingOptions { Model = "face-embedding", BackboneCrop = 0 }))
            .Message.ShouldContain("backboneCrop");
        Should.Throw<ArgumentException>(() => TrainStage.Validate(new TrainingOptions { Model = "face-finetune", BackboneLearningRate = -1 }))
            .Message.ShouldContain("backboneLearningRate");
        TrainStage.Validate(new TrainingOptions { Model = "face-finetune", Freeze = "none", BackboneLearningRate = 1e-5 });
        TrainStage.Validate(new TrainingOptions { Model = "resnet18", Freeze = "none" });
    }

    [Fact]
    public void BackboneLearningRate_DefaultsToAHundredthForTheFaceModelsAndTheRateItselfForTheOthers()
    {
        ModelTrainer.BackboneLearningRate(new TrainingOptions { Model = "face-finetune", LearningRate = 0.01 }).ShouldBe(1e-4, 1e-15);
        ModelTrainer.BackboneLearningRate(new TrainingOptions { Model = "resnet18", LearningRate = 0.01, InitialWeights = "w.bin" }).ShouldBe(0.01);
        ModelTrainer.BackboneLearningRate(new TrainingOptions { Model = "resnet18", BackboneLearningRate = 1e-4 }).ShouldBe(1e-4);
    }

    internal static ImageSet RealFaceSet(int size, int count)
    {
        var crops = RealFaces.Crops(size);
        var classes = crops.Select(c => c.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        // Both people, alternately, so a small set still has both labels.
        var chosen = crops.GroupBy(c => c.Label).SelectMany(g => g.Select((c, i) => (c, i))).OrderBy(p => p.i).Take(count).Select(p => p.c).ToList();
        var items = chosen.Select((c, i) => new VersionItem($"face-{i}", c.Label, classes.IndexOf(c.Label), "train", string.Empty, string.Empty)).ToList();
        var images = chosen.Select((c, i) =>
        {
            using var mat = Cv2.ImDecode(c.Bytes, ImreadModes.Color);
            return ImageDecoder.FromMat(mat, size, $"face-{i}");
        }).ToList();
        return new ImageSet(items, images, 3, size);
    }

    private static torch.nn.Module<torch.Tensor, torch.Tensor> Build(TrainingOptions options, int classes)
    {
        RealFaces.UseTestAssets();
        TorchNative.EnsureLoaded();
        torch.manual_seed(1);
        return ModelFactory.Create(options.Model, new ModelShape(3, options.InputSize, classes), options);
    }

    private static void Fit(torch.nn.Module<torch.Tensor, torch.Tensor> model, TrainingOptions options, ImageSet set)
    {
        var folder = Directory.CreateTempSubdirectory("forge-freeze-").FullName;
        try
        {
            ModelTrainer.Fit(model, set, null, new TrainerSettings(options, 1, folder), torch.CPU, TimeProvider.System);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
