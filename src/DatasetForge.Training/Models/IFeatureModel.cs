using static TorchSharp.torch;

namespace DatasetForge.Training.Models;

/// <summary>
/// A model split into a convolutional trunk and a head, so Grad-CAM can take the gradient of a class score with respect
/// to the last feature maps: forward(x) == Head(Features(x)).
/// </summary>
public interface IFeatureModel
{
    /// <summary>The last convolutional feature maps (N, C, H, W).</summary>
    Tensor Features(Tensor input);

    /// <summary>Logits (or the regression output) from <see cref="Features"/>.</summary>
    Tensor Head(Tensor features);
}
