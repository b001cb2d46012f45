using DatasetForge.Training.Data;
using DatasetForge.Training.Models;
using OpenCvSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.Training.Evaluation;

/// <summary>
/// Grad-CAM (Selvaraju et al.): weights the last feature maps by the mean gradient of a class score and overlays the
/// positive part as a heat map on the image, to show where the model looked.
/// </summary>
public static class GradCam
{
    /// <summary>
    /// The heat map of <paramref name="target"/> (a class index; 0 for regression) for item <paramref name="index"/> of
    /// <paramref name="set"/>, blended over the image and scaled to <paramref name="displaySize"/>, as PNG bytes.
    /// </summary>
    public static byte[] OverlayPng(Module<Tensor, Tensor> model, ImageSet set, int index, int target, Device device, int displaySize = 128)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        if (model is not IFeatureModel features)
        {
            throw new ArgumentException($"{model.GetType().Name} does not expose its feature maps.", nameof(model));
        }

        model.eval();
        float[] cam;
        using (var scope = NewDisposeScope())
        {
            var (input, _, _) = set.ToTensors(set.Prepare([index]), device);
            var maps = features.Features(input).detach().requires_grad_(true);
            var output = features.Head(maps);
            output[0, target].backward();
            var weights = maps.grad!.mean([2, 3], keepdim: true);
            var map = functional.relu(weights.mul(maps).sum(1, keepdim: true));
            map = functional.interpolate(map, [set.Size, set.Size], mode: InterpolationMode.Bilinear, align_corners: false);
            var max = map.max().item<float>();
            cam = [.. map.div(Math.Max(max, 1e-8f)).cpu().data<float>()];
        }

        var image = set.ImageAt(index);
        using var picture = ImageThumbnails.ToBgr(image);
        using var heat = new Mat(set.Size, set.Size, MatType.CV_8UC1);
        for (var y = 0; y < set.Size; y++)
        {
            for (var x = 0; x < set.Size; x++)
            {
                heat.Set(y, x, (byte)Math.Clamp(cam[(y * set.Size) + x] * 255, 0, 255));
            }
        }

        using var coloured = new Mat();
        Cv2.ApplyColorMap(heat, coloured, ColormapTypes.Jet);
        using var blended = new Mat();
        Cv2.AddWeighted(picture, 0.55, coloured, 0.45, 0, blended);
        using var large = new Mat();
        Cv2.Resize(blended, large, new OpenCvSharp.Size(displaySize, displaySize), 0, 0, InterpolationFlags.Nearest);
        return large.ImEncode(".png");
    }
}
