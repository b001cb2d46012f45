using DatasetForge.FaceModels.Weights;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.FaceModels.Networks;

/// <summary>
/// face-api's <c>FaceRecognitionNet</c> (a ResNet-34-like network after dlib's, 150x150 RGB in, a 128-number face
/// descriptor out), layer for layer as <c>src/faceRecognitionNet</c> builds it: every convolution is conv + bias +
/// a per-channel scale layer, the down-sampling ones with stride 2 and <c>valid</c> padding, and the shortcut of a
/// down-sampling block is a 2x2 average pool padded with zero channels (and a zero row and column when the sizes differ).
/// </summary>
/// <remarks>
/// Parameters are named after the TensorFlow.js weights (<c>conv256_down_out.conv1.conv.conv.weight</c>; a dot where TensorFlow.js has a slash), so the last
/// blocks can be fine-tuned by prefix (<see cref="Blocks"/>).
/// </remarks>
public sealed class FaceRecognitionNet : Module<Tensor, Tensor>
{
    /// <summary>The side of the square input.</summary>
    public const int InputSize = 150;

    /// <summary>Length of the descriptor.</summary>
    public const int DescriptorLength = 128;

    /// <summary>The residual blocks in order, by the names their parameters carry.</summary>
    public static readonly IReadOnlyList<string> Blocks =
    [
        "conv32_1", "conv32_2", "conv32_3",
        "conv64_down", "conv64_1", "conv64_2", "conv64_3",
        "conv128_down", "conv128_1", "conv128_2",
        "conv256_down", "conv256_1", "conv256_2", "conv256_down_out",
    ];

    private readonly ScaledConv _stem;
    private readonly List<(string Name, ResidualBlock Block)> _blocks = [];
    private readonly TfDense _fc;

    /// <summary>Builds the network from face-api's <c>face_recognition_model</c> weights.</summary>
    public FaceRecognitionNet(TfjsWeights weights)
        : base(nameof(FaceRecognitionNet))
    {
        ArgumentNullException.ThrowIfNull(weights);
        _stem = new ScaledConv(weights, "conv32_down", stride: 2, TfPadding.Valid);
        register_module("conv32_down", _stem);
        foreach (var name in Blocks)
        {
            var block = new ResidualBlock(weights, name, down: name.EndsWith("_down", StringComparison.Ordinal) || name.EndsWith("_down_out", StringComparison.Ordinal));
            _blocks.Add((name, block));
            register_module(name, block);
        }

        _fc = new TfDense(weights, "fc", biasName: null);
        register_module("fc", _fc);
    }

    /// <summary>Descriptors (N, 128) of a batch of (N, 3, 150, 150) RGB images in 0..255.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return _fc.forward(Features(input)).MoveToOuterDisposeScope();
    }

    /// <summary>The 256 globally averaged features before the last (linear) layer.</summary>
    public Tensor Features(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var x = FaceApiInput.Normalise(input);
        x = _stem.forward(x, relu: true);
        x = functional.max_pool2d(x, 3, 2);
        foreach (var (_, block) in _blocks)
        {
            x = block.forward(x);
        }

        return x.mean([2, 3]).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stem.Dispose();
            foreach (var (_, block) in _blocks)
            {
                block.Dispose();
            }

            _fc.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>conv (+ bias) then <c>x * scale.weights + scale.biases</c> per channel.</summary>
    private sealed class ScaledConv : Module<Tensor, Tensor>
    {
        private readonly TfConv2d conv;
        private readonly Parameter scale_weights;
        private readonly Parameter scale_biases;

        public ScaledConv(TfjsWeights weights, string prefix, int stride, TfPadding padding)
            : base(nameof(ScaledConv))
        {
            conv = new TfConv2d(weights, $"{prefix}/conv", stride, padding);
            scale_weights = Channelwise(weights.Get($"{prefix}/scale/weights", 1));
            scale_biases = Channelwise(weights.Get($"{prefix}/scale/biases", 1));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => forward(input, relu: false);

        public Tensor forward(Tensor input, bool relu)
        {
            using var convolved = conv.forward(input);
            var scaled = addcmul(scale_biases, convolved, scale_weights, 1);
            if (!relu)
            {
                return scaled;
            }

            using (scaled)
            {
                return functional.relu(scaled);
            }
        }

        private static Parameter Channelwise(TfjsTensor weight)
        {
            using var values = TfLayers.ToTensor(weight);
            return new Parameter(values.reshape(1, -1, 1, 1).contiguous());
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                conv.Dispose();
                scale_weights.Dispose();
                scale_biases.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>face-api's <c>residual</c> and <c>residualDown</c>.</summary>
    private sealed class ResidualBlock : Module<Tensor, Tensor>
    {
        private readonly ScaledConv conv1;
        private readonly ScaledConv conv2;
        private readonly bool _down;

        public ResidualBlock(TfjsWeights weights, string prefix, bool down)
            : base(nameof(ResidualBlock))
        {
            _down = down;
            conv1 = down
                ? new ScaledConv(weights, $"{prefix}/conv1", stride: 2, TfPadding.Valid)
                : new ScaledConv(weights, $"{prefix}/conv1", stride: 1, TfPadding.Same);
            conv2 = new ScaledConv(weights, $"{prefix}/conv2", stride: 1, TfPadding.Same);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var output = conv2.forward(conv1.forward(input, relu: true), relu: false);
            var shortcut = input;
            if (_down)
            {
                shortcut = functional.avg_pool2d(input, 2, 2);
                // residualDown: a convolution of 'valid' padding can come out one smaller than the pooled shortcut;
                // face-api appends a zero row and a zero column to it.
                if (shortcut.shape[2] != output.shape[2] || shortcut.shape[3] != output.shape[3])
                {
                    output = functional.pad(output, [0, 1, 0, 1]);
                }

                var missing = output.shape[1] - shortcut.shape[1];
                if (missing > 0)
                {
                    shortcut = functional.pad(shortcut, [0, 0, 0, 0, 0, missing]);
                }
            }

            return functional.relu(output + shortcut).MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                conv1.Dispose();
                conv2.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
