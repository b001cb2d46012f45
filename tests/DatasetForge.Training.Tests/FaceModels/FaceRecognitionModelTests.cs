using DatasetForge.Core.Definitions;
using DatasetForge.Torch.Native;
using DatasetForge.Training.CrossValidation;
using DatasetForge.Training.Models;
using DatasetForge.Training.Tests.Support;
using TorchSharp;

namespace DatasetForge.Training.Tests.FaceModels;

[Collection(TorchCollection.Name)]
public sealed class FaceRecognitionModelTests
{
    [Fact]
    public void NetworkInput_IsTheCentralCropAt150In0To255_AndGreyBecomesThreeEqualChannels()
    {
        RealFaces.UseTestAssets();
        TorchNative.EnsureLoaded();
        using var model = FaceRecognitionModel.Load(new ModelShape(1, 100, 2), crop: 0.6);
        using var input = torch.full(1, 1, 100, 100, -1f);
        using (torch.no_grad())
        {
            // White in the central 60x60, black around it: the network must see only white.
            input[.., .., 20..80, 20..80] = torch.ones(1, 1, 60, 60);
        }

        using var network = model.NetworkInput(input);
        using var whole = FaceRecognitionModel.Load(new ModelShape(1, 100, 2), crop: 1).NetworkInput(input);

        network.shape.ShouldBe([1L, 3, 150, 150]);
        network.min().item<float>().ShouldBe(255f, 1e-3f);
        network.max().item<float>().ShouldBe(255f, 1e-3f);
        whole.min().item<float>().ShouldBe(0f, 1e-3f);
        whole[0, 0].equal(whole[0, 2]).all().item<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData("face-embedding", 1, 2)]
    [InlineData("face-finetune", 3, 1)]
    public void Forward_TakesTheTrainersBatches_AndGivesOneOutputPerClass(string name, int channels, int outputs)
    {
        RealFaces.UseTestAssets();
        TorchNative.EnsureLoaded();
        using var model = ModelFactory.Create(name, new ModelShape(channels, 64, outputs));
        model.eval();
        using var input = torch.rand(2, channels, 64, 64).mul(2).sub(1);

        using var output = model.forward(input);

        output.shape.ShouldBe([2L, outputs]);
    }

    [Theory]
    [InlineData("small-cnn")]
    [InlineData("vgg-bn")]
    [InlineData("resnet18")]
    [InlineData("resnet34")]
    [InlineData("resnet34-spp")]
    [InlineData("face-embedding")]
    [InlineData("face-finetune")]
    public void Spec_BlocksAndHead_NameParametersOfTheModel_InOrder(string name)
    {
        RealFaces.UseTestAssets();
        TorchNative.EnsureLoaded();
        var spec = ModelFactory.Spec(name);
        using var model = ModelFactory.Create(name, new ModelShape(3, 64, 2));
        var names = model.named_parameters().Select(p => p.name).ToList();

        spec.Head.ShouldAllBe(h => names.Any(n => Freezing.HasPrefix(n, h)));
        var firstOfBlock = spec.Blocks.Select(b => names.FindIndex(n => Freezing.HasPrefix(n, b))).ToList();
        firstOfBlock.ShouldAllBe(i => i >= 0);
        firstOfBlock.ShouldBeInOrder(SortDirection.Ascending);
        names.Last().ShouldSatisfyAllConditions(n => spec.IsHead(n).ShouldBeTrue());
    }

    [Fact]
    public async Task CrossValidate_FaceEmbedding_RunsEveryFoldWithNoSpecialCase()
    {
        var training = new TrainingOptions { Model = "face-embedding", InputSize = 64, Epochs = 1, BatchSize = 8, LearningRate = 3e-3, Device = "cpu" };
        await using var version = await TestVersion.CreateAsync(RealFaces.Crops(training.InputSize), training);

        var result = await CrossValidator.RunAsync(version.Workspace, version.Version, training, seed: 7, folds: 2);

        result.Folds.Count.ShouldBe(2);
        result.Folds.Sum(f => f.ValidationCount).ShouldBe(version.Manifest.Items.Count(i => i.Split != "test"));
        result.Folds.ShouldAllBe(f => f.Metric >= 0 && f.Metric <= 1);
    }
}
