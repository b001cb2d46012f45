using DatasetForge.Torch.Native;
using DatasetForge.Training.Models;
using DatasetForge.Training.Tests.Support;
using TorchSharp;

namespace DatasetForge.Training.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class ArchitectureTests
{
    [Theory]
    [InlineData("vgg-bn", 3, 32, 4)]
    [InlineData("resnet18", 1, 32, 10)]
    [InlineData("resnet34", 3, 40, 2)]
    [InlineData("resnet34-spp", 3, 48, 3)]
    [InlineData("resnet18", 3, 32, 1)]
    public void Create_EveryModel_GivesOneOutputPerClassAndFeaturesThatFeedTheHead(string name, int channels, int size, int outputs)
    {
        TorchNative.EnsureLoaded();
        using var model = ModelFactory.Create(name, new ModelShape(channels, size, outputs));
        model.eval();
        using var input = torch.randn(2, channels, size, size);

        using var output = model.forward(input);
        var feature = (IFeatureModel)model;
        using var maps = feature.Features(input);
        using var viaHead = feature.Head(maps);

        output.shape.ShouldBe([2L, outputs]);
        maps.dim().ShouldBe(4);
        viaHead.allclose(output, rtol: 1e-4, atol: 1e-5).ShouldBeTrue();
    }

    [Fact]
    public void ResNet18_ParameterNames_MatchTorchvision()
    {
        TorchNative.EnsureLoaded();
        using var model = ModelFactory.Create("resnet18", new ModelShape(3, 64, 10));
        var names = model.state_dict().Keys.ToList();

        names.ShouldContain("conv1.weight");
        names.ShouldContain("layer1.0.conv1.weight");
        names.ShouldContain("layer2.0.downsample.0.weight");
        names.ShouldContain("layer4.1.bn2.running_var");
        model.named_parameters().Last().name.ShouldBe("fc.bias");
        model.parameters().Sum(p => p.numel()).ShouldBe(11_689_512 - ((512 * 1000) + 1000) + ((512 * 10) + 10)); // torchvision resnet18: 11,689,512 parameters with 1000 classes
    }

    [Fact]
    public void SppHead_InTraining_AveragesSeveralDropoutSamples()
    {
        TorchNative.EnsureLoaded();
        torch.manual_seed(3);
        using var model = new SppResNet(new ModelShape(3, 32, 2));
        using var maps = torch.ones(1, 512, 4, 4);
        model.train();

        using var a = model.Head(maps);
        using var b = model.Head(maps);
        model.eval();
        using var c = model.Head(maps);
        using var d = model.Head(maps);

        a.allclose(b).ShouldBeFalse();
        c.allclose(d).ShouldBeTrue();
    }
}
