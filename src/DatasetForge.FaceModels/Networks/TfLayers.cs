using DatasetForge.FaceModels.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.FaceModels.Networks;

/// <summary>
/// TensorFlow's convolution semantics in TorchSharp: HWIO filters turned OIHW, and TensorFlow's <c>same</c> padding,
/// which pads the bottom and right more than the top and left when the total is odd (PyTorch's symmetric padding would
/// shift every feature map by a pixel on stride-2 layers).
/// </summary>
internal static class TfLayers
{
    /// <summary>Pads <paramref name="input"/> (N, C, H, W) as TensorFlow's <c>same</c> does for this kernel and stride.</summary>
    public static Tensor PadSame(Tensor input, int kernel, int stride, double value = 0)
    {
        var (top, bottom) = SamePadding(input.shape[2], kernel, stride);
        var (left, right) = SamePadding(input.shape[3], kernel, stride);
        return top == 0 && bottom == 0 && left == 0 && right == 0
            ? input.alias()
            : functional.pad(input, [left, right, top, bottom], PaddingModes.Constant, value);
    }

    /// <summary>TensorFlow's max pooling with <c>same</c> padding (padded cells never win).</summary>
    public static Tensor MaxPoolSame(Tensor input, int kernel, int stride)
    {
        using var padded = PadSame(input, kernel, stride, double.NegativeInfinity);
        return functional.max_pool2d(padded, kernel, stride);
    }

    /// <summary>A tensor of the weight's values in TensorFlow's layout and shape.</summary>
    public static Tensor ToTensor(TfjsTensor weight) =>
        tensor(weight.Values, [.. weight.Shape.Select(d => (long)d)]);

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/> (shapes must agree), outside autograd.</summary>
    public static void Assign(Tensor target, Tensor source, string name)
    {
        if (!target.shape.SequenceEqual(source.shape))
        {
            throw new InvalidDataException(
                $"the weight '{name}' has shape [{string.Join(", ", source.shape)}] but the layer expects [{string.Join(", ", target.shape)}]");
        }

        using var noGrad = no_grad();
        target.copy_(source);
    }

    private static (long Before, long After) SamePadding(long size, int kernel, int stride)
    {
        var output = (size + stride - 1) / stride;
        var total = Math.Max(((output - 1) * stride) + kernel - size, 0);
        return (total / 2, total - (total / 2));
    }
}

/// <summary>Padding of a <see cref="TfConv2d"/>, as TensorFlow names it.</summary>
internal enum TfPadding
{
    Same,
    Valid,
}

/// <summary>A TensorFlow <c>conv2d</c> plus bias, from HWIO <c>filters</c> and a <c>bias</c> vector.</summary>
internal sealed class TfConv2d : Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly int _kernel;
    private readonly int _stride;
    private readonly TfPadding _padding;

    public TfConv2d(TfjsWeights weights, string prefix, int stride, TfPadding padding)
        : base(nameof(TfConv2d))
    {
        var filters = weights.Get($"{prefix}/filters", 4);
        var bias = weights.Get($"{prefix}/bias", 1);
        _kernel = filters.Shape[0];
        _stride = stride;
        _padding = padding;
        conv = Conv2d(filters.Shape[2], filters.Shape[3], _kernel, stride: stride, bias: true);
        using (var hwio = TfLayers.ToTensor(filters))
        using (var oihw = hwio.permute(3, 2, 0, 1))
        {
            TfLayers.Assign(conv.weight!, oihw, filters.Name);
        }

        using (var b = TfLayers.ToTensor(bias))
        {
            TfLayers.Assign(conv.bias!, b, bias.Name);
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (_padding == TfPadding.Valid)
        {
            return conv.forward(input);
        }

        using var padded = TfLayers.PadSame(input, _kernel, _stride);
        return conv.forward(padded);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// TensorFlow's <c>separableConv2d</c> with <c>same</c> padding plus bias: a 3x3 depthwise convolution
/// (<c>depthwise_filter</c>, HWC1) then a 1x1 pointwise one (<c>pointwise_filter</c>, 11IO) and <c>bias</c>.
/// </summary>
internal sealed class TfSeparableConv2d : Module<Tensor, Tensor>
{
    private readonly Conv2d depthwise;
    private readonly Conv2d pointwise;
    private readonly int _kernel;
    private readonly int _stride;

    public TfSeparableConv2d(TfjsWeights weights, string prefix, int stride)
        : base(nameof(TfSeparableConv2d))
    {
        var depth = weights.Get($"{prefix}/depthwise_filter", 4);
        var point = weights.Get($"{prefix}/pointwise_filter", 4);
        var bias = weights.Get($"{prefix}/bias", 1);
        _kernel = depth.Shape[0];
        _stride = stride;
        var channels = depth.Shape[2];
        if (depth.Shape[3] != 1)
        {
            throw new InvalidDataException($"the weight '{depth.Name}' has a channel multiplier of {depth.Shape[3]}; only 1 is supported");
        }

        depthwise = Conv2d(channels, channels, _kernel, stride: stride, groups: channels, bias: false);
        pointwise = Conv2d(point.Shape[2], point.Shape[3], 1, bias: true);
        using (var hwc1 = TfLayers.ToTensor(depth))
        using (var c1hw = hwc1.permute(2, 3, 0, 1))
        {
            TfLayers.Assign(depthwise.weight!, c1hw, depth.Name);
        }

        using (var hwio = TfLayers.ToTensor(point))
        using (var oihw = hwio.permute(3, 2, 0, 1))
        {
            TfLayers.Assign(pointwise.weight!, oihw, point.Name);
        }

        using (var b = TfLayers.ToTensor(bias))
        {
            TfLayers.Assign(pointwise.bias!, b, bias.Name);
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var padded = TfLayers.PadSame(input, _kernel, _stride);
        using var spatial = depthwise.forward(padded);
        return pointwise.forward(spatial);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            depthwise.Dispose();
            pointwise.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A fully connected layer from TensorFlow's <c>weights</c> (in x out) and optional <c>bias</c>.</summary>
internal sealed class TfDense : Module<Tensor, Tensor>
{
    private readonly Linear linear;

    public TfDense(TfjsWeights weights, string weightsName, string? biasName)
        : base(nameof(TfDense))
    {
        var w = weights.Get(weightsName, 2);
        linear = Linear(w.Shape[0], w.Shape[1], hasBias: biasName is not null);
        using (var io = TfLayers.ToTensor(w))
        using (var oi = io.t())
        {
            TfLayers.Assign(linear.weight!, oi, w.Name);
        }

        if (biasName is not null)
        {
            var b = weights.Get(biasName, 1);
            using var values = TfLayers.ToTensor(b);
            TfLayers.Assign(linear.bias!, values, b.Name);
        }

        RegisterComponents();
    }

    public long InFeatures => linear.weight!.shape[1];

    public override Tensor forward(Tensor input) => linear.forward(input);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            linear.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Normalisation shared by the three networks: subtract face-api's mean RGB, divide by 255.</summary>
internal static class FaceApiInput
{
    private static readonly float[] MeanRgb = [122.782f, 117.001f, 104.298f];

    /// <summary>(N, 3, H, W) RGB in 0..255 to the networks' input scale.</summary>
    public static Tensor Normalise(Tensor batch)
    {
        using var mean = tensor(MeanRgb, [1, 3, 1, 1], dtype: batch.dtype, device: batch.device);
        using var centred = batch - mean;
        return centred / 255f;
    }
}
