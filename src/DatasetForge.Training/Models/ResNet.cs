using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.Training.Models;

/// <summary>
/// ResNet-18 and ResNet-34 as torchvision defines them (7x7 stem, max pooling, four stages of basic blocks, global
/// average pooling, <c>fc</c>), with the same parameter names so PyTorch weights convert directly. The TorchVision
/// NuGet package is not served on our machines, so the architecture lives here; the input channels come from the data.
/// </summary>
public class ResNet : Module<Tensor, Tensor>, IFeatureModel
{
    /// <summary>The factory names.</summary>
    public const string Name18 = "resnet18";

    /// <summary>The factory names.</summary>
    public const string Name34 = "resnet34";

    private readonly Module<Tensor, Tensor> conv1;
    private readonly Module<Tensor, Tensor> bn1;
    private readonly Module<Tensor, Tensor> maxpool;
    private readonly Module<Tensor, Tensor> layer1;
    private readonly Module<Tensor, Tensor> layer2;
    private readonly Module<Tensor, Tensor> layer3;
    private readonly Module<Tensor, Tensor> layer4;
    private readonly Module<Tensor, Tensor> fc;

    /// <param name="shape">Channels, input side and outputs.</param>
    /// <param name="blocks">Blocks per stage: 2,2,2,2 (ResNet-18) or 3,4,6,3 (ResNet-34).</param>
    /// <param name="headInputs">Inputs of <c>fc</c>; 512 unless a subclass pools differently.</param>
    public ResNet(ModelShape shape, IReadOnlyList<int> blocks, long headInputs = 512)
        : base(nameof(ResNet))
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(blocks);
        shape.Validate();
        if (blocks.Count != 4)
        {
            throw new ArgumentException("A ResNet has four stages.", nameof(blocks));
        }

        conv1 = Conv2d(shape.Channels, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        maxpool = MaxPool2d(3, stride: 2, padding: 1);
        layer1 = Stage(64, 64, blocks[0], 1);
        layer2 = Stage(64, 128, blocks[1], 2);
        layer3 = Stage(128, 256, blocks[2], 2);
        layer4 = Stage(256, 512, blocks[3], 2);
        fc = Linear(headInputs, shape.Classes);
        RegisterComponents();
    }

    /// <summary>ResNet-18: 2, 2, 2, 2 basic blocks.</summary>
    public static ResNet ResNet18(ModelShape shape) => new(shape, [2, 2, 2, 2]);

    /// <summary>ResNet-34: 3, 4, 6, 3 basic blocks.</summary>
    public static ResNet ResNet34(ModelShape shape) => new(shape, [3, 4, 6, 3]);

    /// <summary>The final linear layer, for heads that reuse it.</summary>
    protected Module<Tensor, Tensor> Fc => fc;

    public override Tensor forward(Tensor input)
    {
        using var features = Features(input);
        return Head(features);
    }

    /// <inheritdoc/>
    public Tensor Features(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = maxpool.forward(functional.relu(bn1.forward(conv1.forward(input))));
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        return x.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public virtual Tensor Head(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var pooled = functional.adaptive_avg_pool2d(features, [1, 1]);
        using var flat = pooled.flatten(1);
        return fc.forward(flat);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var module in new[] { conv1, bn1, maxpool, layer1, layer2, layer3, layer4, fc })
            {
                module.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static Module<Tensor, Tensor> Stage(long input, long output, int count, long stride)
    {
        var blocks = new List<Module<Tensor, Tensor>> { new BasicBlock(input, output, stride) };
        for (var i = 1; i < count; i++)
        {
            blocks.Add(new BasicBlock(output, output, 1));
        }

        return Sequential(blocks);
    }
}
