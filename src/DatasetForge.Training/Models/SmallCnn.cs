using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.Training.Models;

/// <summary>
/// The small CNN of the academic-major project: three 3x3 conv layers (32, 64, 128 filters) with ReLU and 2x2 max pooling,
/// a dense layer of 128 units with ReLU, dropout 0.5, and a linear layer to the classes (logits).
/// </summary>
public sealed class SmallCnn : Module<Tensor, Tensor>, IFeatureModel
{
    /// <summary>The name the factory knows it by.</summary>
    public const string Name = "small-cnn";

    private readonly Module<Tensor, Tensor> _features;
    private readonly Module<Tensor, Tensor> _classifier;

    public SmallCnn(ModelShape shape)
        : base(nameof(SmallCnn))
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        var side = shape.InputSize / 8;
        if (side < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), $"{Name} needs an input of at least 8 pixels, not {shape.InputSize}.");
        }

        _features = Sequential(
            ("conv1", Conv2d(shape.Channels, 32, 3, padding: 1)),
            ("relu1", ReLU()),
            ("pool1", MaxPool2d(2)),
            ("conv2", Conv2d(32, 64, 3, padding: 1)),
            ("relu2", ReLU()),
            ("pool2", MaxPool2d(2)),
            ("conv3", Conv2d(64, 128, 3, padding: 1)),
            ("relu3", ReLU()),
            ("pool3", MaxPool2d(2)));
        _classifier = Sequential(
            ("flatten", Flatten()),
            ("dense", Linear(128L * side * side, 128)),
            ("relu", ReLU()),
            ("dropout", Dropout(0.5)),
            ("logits", Linear(128, shape.Classes)));
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
}
