using static TorchSharp.torch;

namespace DatasetForge.Training.Models;

/// <summary>
/// The couples project's model: a ResNet-34 trunk, spatial pyramid pooling (max pooling to 1x1, 2x2 and 4x4 grids,
/// concatenated, so any input size gives one vector) and a multi-sample dropout head: in training the pooled vector goes
/// through <see cref="Samples"/> independent dropout masks into the shared <c>fc</c> and the logits are averaged, which
/// trains faster and steadier than one mask; in evaluation dropout is off and one pass suffices.
/// </summary>
public sealed class SppResNet : ResNet
{
    /// <summary>The name the factory knows it by.</summary>
    public const string Name = "resnet34-spp";

    /// <summary>Dropout masks per training step.</summary>
    public const int Samples = 5;

    /// <summary>Dropout rate of each mask.</summary>
    public const double DropoutRate = 0.5;

    private static readonly long[] Levels = [1, 2, 4];

    public SppResNet(ModelShape shape)
        : base(shape, [3, 4, 6, 3], 512 * Levels.Sum(l => l * l))
    {
    }

    /// <inheritdoc/>
    public override Tensor Head(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var scope = NewDisposeScope();
        var pooled = cat([.. Levels.Select(l => nn.functional.adaptive_max_pool2d(features, [l, l]).flatten(1))], 1);
        if (!training)
        {
            return Fc.forward(pooled).MoveToOuterDisposeScope();
        }

        var sum = Fc.forward(nn.functional.dropout(pooled, DropoutRate, training: true));
        for (var i = 1; i < Samples; i++)
        {
            sum = sum.add(Fc.forward(nn.functional.dropout(pooled, DropoutRate, training: true)));
        }

        return sum.div(Samples).MoveToOuterDisposeScope();
    }
}
