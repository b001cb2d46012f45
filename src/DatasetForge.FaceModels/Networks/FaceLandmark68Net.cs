using DatasetForge.FaceModels.Weights;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.FaceModels.Networks;

/// <summary>
/// face-api's <c>FaceLandmark68Net</c>: four dense blocks of separable convolutions (112x112 RGB in, each block halving
/// the side), a 7x7 average pool and a linear layer to 136 numbers: the 68 points (x, y interleaved) relative to the
/// padded square input (see <see cref="Analysis.FaceAnalyzer"/> for the way back to photo pixels).
/// </summary>
public sealed class FaceLandmark68Net : Module<Tensor, Tensor>
{
    /// <summary>The side of the square input.</summary>
    public const int InputSize = 112;

    /// <summary>The number of points.</summary>
    public const int Points = 68;

    private readonly DenseBlock _dense0;
    private readonly DenseBlock _dense1;
    private readonly DenseBlock _dense2;
    private readonly DenseBlock _dense3;
    private readonly TfDense _fc;

    /// <summary>Builds the network from face-api's <c>face_landmark_68_model</c> weights.</summary>
    public FaceLandmark68Net(TfjsWeights weights)
        : base(nameof(FaceLandmark68Net))
    {
        ArgumentNullException.ThrowIfNull(weights);
        _dense0 = new DenseBlock(weights, "dense0", firstLayer: true);
        _dense1 = new DenseBlock(weights, "dense1", firstLayer: false);
        _dense2 = new DenseBlock(weights, "dense2", firstLayer: false);
        _dense3 = new DenseBlock(weights, "dense3", firstLayer: false);
        _fc = new TfDense(weights, "fc/weights", "fc/bias");
        register_module("dense0", _dense0);
        register_module("dense1", _dense1);
        register_module("dense2", _dense2);
        register_module("dense3", _dense3);
        register_module("fc", _fc);
    }

    /// <summary>The raw output (N, 136) for (N, 3, 112, 112) RGB in 0..255.</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var x = FaceApiInput.Normalise(input);
        x = _dense0.forward(x);
        x = _dense1.forward(x);
        x = _dense2.forward(x);
        x = _dense3.forward(x);
        x = functional.avg_pool2d(x, 7, 2).flatten(1);
        return _fc.forward(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dense0.Dispose();
            _dense1.Dispose();
            _dense2.Dispose();
            _dense3.Dispose();
            _fc.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>face-api's <c>denseBlock4</c> (down-scaling): each conv sees the sum of every earlier output.</summary>
    private sealed class DenseBlock : Module<Tensor, Tensor>
    {
        private readonly Module<Tensor, Tensor> conv0;
        private readonly TfSeparableConv2d conv1;
        private readonly TfSeparableConv2d conv2;
        private readonly TfSeparableConv2d conv3;

        public DenseBlock(TfjsWeights weights, string prefix, bool firstLayer)
            : base(nameof(DenseBlock))
        {
            conv0 = firstLayer
                ? new TfConv2d(weights, $"{prefix}/conv0", stride: 2, TfPadding.Same)
                : new TfSeparableConv2d(weights, $"{prefix}/conv0", stride: 2);
            conv1 = new TfSeparableConv2d(weights, $"{prefix}/conv1", stride: 1);
            conv2 = new TfSeparableConv2d(weights, $"{prefix}/conv2", stride: 1);
            conv3 = new TfSeparableConv2d(weights, $"{prefix}/conv3", stride: 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var out1 = functional.relu(conv0.forward(input));
            var out2 = conv1.forward(out1);
            var in3 = functional.relu(out1 + out2);
            var out3 = conv2.forward(in3);
            var in4 = functional.relu(out1 + (out2 + out3));
            var out4 = conv3.forward(in4);
            return functional.relu(out1 + (out2 + (out3 + out4))).MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                conv0.Dispose();
                conv1.Dispose();
                conv2.Dispose();
                conv3.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
