using DatasetForge.FaceModels.Weights;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.FaceModels.Networks;

/// <summary>
/// face-api's <c>AgeGenderNet</c>: a TinyXception trunk with two main blocks (112x112 RGB in, 512 channels of 7x7 out),
/// a 7x7 average pool, and two linear heads: the age in years and two gender logits (male, female).
/// </summary>
public sealed class AgeGenderNet : Module<Tensor, (Tensor Age, Tensor Gender)>
{
    /// <summary>The side of the square input.</summary>
    public const int InputSize = 112;

    private const int MainBlocks = 2;

    private readonly TfConv2d _convIn;
    private readonly ReductionBlock _reduction0;
    private readonly ReductionBlock _reduction1;
    private readonly List<MainBlock> _main = [];
    private readonly ReductionBlock _exitReduction;
    private readonly TfSeparableConv2d _exitConv;
    private readonly TfDense _age;
    private readonly TfDense _gender;

    /// <summary>Builds the network from face-api's <c>age_gender_model</c> weights.</summary>
    public AgeGenderNet(TfjsWeights weights)
        : base(nameof(AgeGenderNet))
    {
        ArgumentNullException.ThrowIfNull(weights);
        _convIn = new TfConv2d(weights, "entry_flow/conv_in", stride: 2, TfPadding.Same);
        _reduction0 = new ReductionBlock(weights, "entry_flow/reduction_block_0", activateInput: false);
        _reduction1 = new ReductionBlock(weights, "entry_flow/reduction_block_1", activateInput: true);
        for (var i = 0; i < MainBlocks; i++)
        {
            _main.Add(new MainBlock(weights, $"middle_flow/main_block_{i}"));
        }

        _exitReduction = new ReductionBlock(weights, "exit_flow/reduction_block", activateInput: true);
        _exitConv = new TfSeparableConv2d(weights, "exit_flow/separable_conv", stride: 1);
        _age = new TfDense(weights, "fc/age/weights", "fc/age/bias");
        _gender = new TfDense(weights, "fc/gender/weights", "fc/gender/bias");
        register_module("entry_flow_conv_in", _convIn);
        register_module("entry_flow_reduction_block_0", _reduction0);
        register_module("entry_flow_reduction_block_1", _reduction1);
        for (var i = 0; i < _main.Count; i++)
        {
            register_module($"middle_flow_main_block_{i}", _main[i]);
        }

        register_module("exit_flow_reduction_block", _exitReduction);
        register_module("exit_flow_separable_conv", _exitConv);
        register_module("fc_age", _age);
        register_module("fc_gender", _gender);
    }

    /// <summary>
    /// For (N, 3, 112, 112) RGB in 0..255: the age (N) and the gender probabilities (N, 2), softmax over
    /// (male, female) as face-api's <c>forwardInput</c> returns them.
    /// </summary>
    public override (Tensor Age, Tensor Gender) forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var x = FaceApiInput.Normalise(input);
        x = functional.relu(_convIn.forward(x));
        x = _reduction0.forward(x);
        x = _reduction1.forward(x);
        foreach (var block in _main)
        {
            x = block.forward(x);
        }

        x = _exitReduction.forward(x);
        x = functional.relu(_exitConv.forward(x));
        var pooled = functional.avg_pool2d(x, 7, 2).flatten(1);
        var age = _age.forward(pooled).flatten();
        var gender = functional.softmax(_gender.forward(pooled), 1);
        return (age.MoveToOuterDisposeScope(), gender.MoveToOuterDisposeScope());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _convIn.Dispose();
            _reduction0.Dispose();
            _reduction1.Dispose();
            foreach (var block in _main)
            {
                block.Dispose();
            }

            _exitReduction.Dispose();
            _exitConv.Dispose();
            _age.Dispose();
            _gender.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>TinyXception's <c>reductionBlock</c>: two separable convs, a 3x3/2 max pool, plus a 1x1/2 expansion conv of the input.</summary>
    private sealed class ReductionBlock : Module<Tensor, Tensor>
    {
        private readonly TfSeparableConv2d separable_conv0;
        private readonly TfSeparableConv2d separable_conv1;
        private readonly TfConv2d expansion_conv;
        private readonly bool _activateInput;

        public ReductionBlock(TfjsWeights weights, string prefix, bool activateInput)
            : base(nameof(ReductionBlock))
        {
            _activateInput = activateInput;
            separable_conv0 = new TfSeparableConv2d(weights, $"{prefix}/separable_conv0", stride: 1);
            separable_conv1 = new TfSeparableConv2d(weights, $"{prefix}/separable_conv1", stride: 1);
            expansion_conv = new TfConv2d(weights, $"{prefix}/expansion_conv", stride: 2, TfPadding.Same);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = _activateInput ? functional.relu(input) : input;
            x = separable_conv0.forward(x);
            x = separable_conv1.forward(functional.relu(x));
            x = TfLayers.MaxPoolSame(x, 3, 2);
            return (x + expansion_conv.forward(input)).MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                separable_conv0.Dispose();
                separable_conv1.Dispose();
                expansion_conv.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>TinyXception's <c>mainBlock</c>: three ReLU + separable conv steps and the identity shortcut.</summary>
    private sealed class MainBlock : Module<Tensor, Tensor>
    {
        private readonly TfSeparableConv2d separable_conv0;
        private readonly TfSeparableConv2d separable_conv1;
        private readonly TfSeparableConv2d separable_conv2;

        public MainBlock(TfjsWeights weights, string prefix)
            : base(nameof(MainBlock))
        {
            separable_conv0 = new TfSeparableConv2d(weights, $"{prefix}/separable_conv0", stride: 1);
            separable_conv1 = new TfSeparableConv2d(weights, $"{prefix}/separable_conv1", stride: 1);
            separable_conv2 = new TfSeparableConv2d(weights, $"{prefix}/separable_conv2", stride: 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = separable_conv0.forward(functional.relu(input));
            x = separable_conv1.forward(functional.relu(x));
            x = separable_conv2.forward(functional.relu(x));
            return (x + input).MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                separable_conv0.Dispose();
                separable_conv1.Dispose();
                separable_conv2.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
