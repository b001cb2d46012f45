using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.Training.Models;

/// <summary>
/// The VGG-style net of the gender project (its model 2): three blocks of two 3x3 conv + batch norm + ReLU
/// (32, 64, 128 filters), each closed by 2x2 max pooling and dropout 0.25; then dense 256 + batch norm + ReLU,
/// dropout 0.5, and the output layer.
/// </summary>
public sealed class VggBn : Module<Tensor, Tensor>, IFeatureModel
{
    /// <summary>The name the factory knows it by.</summary>
    public const string Name = "vgg-bn";

    private readonly Module<Tensor, Tensor> _features;
    private readonly Module<Tensor, Tensor> _classifier;

    public VggBn(ModelShape shape)
        : base(nameof(VggBn))
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        var side = shape.InputSize / 8;
        _features = Sequential(
            Block(shape.Channels, 32),
            Block(32, 64),
            Block(64, 128));
        _classifier = Sequential(
            ("flatten", Flatten()),
            ("dense", Linear(128L * side * side, 256)),
            ("bn", BatchNorm1d(256)),
            ("relu", ReLU()),
            ("dropout", Dropout(0.5)),
            ("logits", Linear(256, shape.Classes)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var features = _features.forward(input);
        return _classifier.forward(features);
    }

    /// <inheritdoc/>
    public Tensor Features(Tensor input) => _features.forward(input);

    /// <inheritdoc/>
    public Tensor Head(Tensor features) => _classifier.forward(features);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _features.Dispose();
            _classifier.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Module<Tensor, Tensor> Block(long input, long output) => Sequential(
        Conv2d(input, output, 3, padding: 1, bias: false),
        BatchNorm2d(output),
        ReLU(),
        Conv2d(output, output, 3, padding: 1, bias: false),
        BatchNorm2d(output),
        ReLU(),
        MaxPool2d(2),
        Dropout(0.25));
}
