using DatasetForge.Torch.Native;
using DatasetForge.Training.Models;
using DatasetForge.Training.Tests.Support;
using TorchSharp;

namespace DatasetForge.Training.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class ModelFactoryTests
{
    [Fact]
    public void Create_UnknownName_ErrorListsKnownModels()
    {
        var error = Should.Throw<ArgumentException>(() => ModelFactory.Create("resnet-999", new ModelShape(3, 64, 4)));

        error.Message.ShouldContain("resnet-999");
        error.Message.ShouldContain(SmallCnn.Name);
    }

    [Theory]
    [InlineData(3, 64, 4)]
    [InlineData(1, 32, 2)]
    public void Create_SmallCnn_GivesOneLogitPerClass(int channels, int size, int classes)
    {
        TorchNative.EnsureLoaded();
        using var model = ModelFactory.Create("small-cnn", new ModelShape(channels, size, classes));
        using var input = torch.zeros(2, channels, size, size);

        using var output = model.forward(input);

        output.shape.ShouldBe([2L, classes]);
    }
}
