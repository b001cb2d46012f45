namespace DatasetForge.Core.Definitions;

/// <summary>How the trainer builds and fits a model on an exported version.</summary>
public sealed class TrainingOptions
{
    /// <summary>
    /// Model architecture. Default <c>small-cnn</c> (3 conv + pooling, dense, dropout). Others: <c>vgg-bn</c>,
    /// <c>resnet18</c>, <c>resnet34</c>, <c>resnet34-spp</c> (spatial pyramid pooling + multi-sample dropout), and on
    /// face-api's pretrained face-recognition network: <c>face-embedding</c> (frozen network, a small head trained on its
    /// 128-number descriptor) and <c>face-finetune</c> (the same with its last residual blocks trained too; see
    /// <see cref="Freeze"/>).
    /// </summary>
    public string Model { get; init; } = "small-cnn";

    /// <summary>
    /// Side of the square input in pixels; crops are resized to it. Default 64. The face models resize the central
    /// <see cref="BackboneCrop"/> of it to 150 pixels: give them the crop size (<c>curation.cropSize</c>, 128 by default).
    /// </summary>
    public int InputSize { get; init; } = 64;

    /// <summary>
    /// Progressive resizing, as fastai does it: the first <see cref="ProgressiveEpochs"/> epochs train at this smaller
    /// input side, the rest at <see cref="InputSize"/> (validation, evaluation and prediction always use
    /// <see cref="InputSize"/>). Small epochs cost about (ProgressiveSize / InputSize)^2 of a full one. Only for models
    /// that take any input side (<c>resnet18</c>, <c>resnet34</c>, <c>resnet34-spp</c>, the face models); it works
    /// with <see cref="Freeze"/> and <see cref="BackboneLearningRate"/>. Default null: off.
    /// </summary>
    public int? ProgressiveSize { get; init; }

    /// <summary>
    /// Epochs at <see cref="ProgressiveSize"/> before the switch to <see cref="InputSize"/>; fewer than
    /// <see cref="Epochs"/>. Default null: half of <see cref="Epochs"/> (rounded down, at least 1).
    /// </summary>
    public int? ProgressiveEpochs { get; init; }

    /// <summary>Most epochs to train. Default 40.</summary>
    public int Epochs { get; init; } = 40;

    /// <summary>Batch size. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Learning rate (the peak rate for the one-cycle schedule). Default 0.001.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Epochs without a better validation loss before training stops early. Default 8.</summary>
    public int Patience { get; init; } = 8;

    /// <summary>Device: <c>auto</c> (CUDA when present, else CPU; default), <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Optimiser: <c>adam</c> (default), <c>adamw</c>, <c>sgd</c> (with <see cref="Momentum"/>) or <c>rmsprop</c>.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>Momentum of SGD and RMSprop. Default 0.9.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Weight decay (L2; decoupled for AdamW). Default 0 (AdamW users usually set 0.01).</summary>
    public double WeightDecay { get; init; }

    /// <summary>
    /// Learning-rate schedule: <c>none</c> (default), <c>cosine</c> (annealed to 0 over the epochs),
    /// <c>plateau</c> (x<see cref="PlateauFactor"/> after <see cref="PlateauPatience"/> epochs without a better monitored
    /// loss) or <c>onecycle</c> (per batch).
    /// </summary>
    public string Schedule { get; init; } = "none";

    /// <summary><c>plateau</c>: the factor the learning rate is multiplied by when the monitored loss stalls. Default 0.1.</summary>
    public double PlateauFactor { get; init; } = 0.1;

    /// <summary>
    /// <c>plateau</c>: epochs without a better monitored loss before the rate is cut. Default null: half the early-stopping
    /// patience, at least 1.
    /// </summary>
    public int? PlateauPatience { get; init; }

    /// <summary>Weight the classification loss by inverse class frequency of the train split. Default false.</summary>
    public bool ClassWeights { get; init; }

    /// <summary>Chance of a horizontal flip per training image. Default 0.5.</summary>
    public double FlipProbability { get; init; } = 0.5;

    /// <summary>Largest random shift, as a fraction of the side. Default 1/16.</summary>
    public double ShiftFraction { get; init; } = 1.0 / 16;

    /// <summary>Smallest side of a random crop (resized back to the input), as a fraction of the image. Default 1 (no crop).</summary>
    public double MinCropScale { get; init; } = 1;

    /// <summary>Largest random rotation in degrees, either way. Default 0.</summary>
    public double RotationDegrees { get; init; }

    /// <summary>Random brightness and contrast change, as a fraction (0.2 = ±20%). Default 0.</summary>
    public double ColourJitter { get; init; }

    /// <summary>Mixup alpha (Beta(alpha, alpha) mixing of image pairs); 0 turns mixup off. Default 0.</summary>
    public double MixupAlpha { get; init; }

    /// <summary>
    /// A TorchSharp weights file to start from (fine-tuning), absolute or relative to the workspace. Layers whose shape
    /// differs (the final layer when the class count changes) keep their fresh weights. Default null: fresh weights.
    /// </summary>
    public string? InitialWeights { get; init; }

    /// <summary>
    /// How much of a pretrained trunk stays frozen (not trained): <c>all</c> (only the head trains), <c>none</c> (every
    /// layer trains), or a number N: all but the last N residual blocks (the stem, and the face network's descriptor
    /// layer <c>fc</c>, stay frozen unless <c>none</c>). Default null: the model's own default, <c>all</c> for
    /// <c>face-embedding</c>, <c>3</c> for <c>face-finetune</c> (conv256_1, conv256_2, conv256_down_out), <c>none</c>
    /// for the others. Other models can freeze only when they start from <see cref="InitialWeights"/>.
    /// </summary>
    public string? Freeze { get; init; }

    /// <summary>
    /// Learning rate of the trained part of a pretrained trunk (the head uses <see cref="LearningRate"/>); it follows
    /// the schedule in proportion. Applies to the face models and to runs from <see cref="InitialWeights"/>. Default
    /// null: <see cref="LearningRate"/> / 100 for the face models (at a tenth, Adam collapsed the face network's
    /// features in 2 of 5 folds), <see cref="LearningRate"/> itself for runs from initial weights.
    /// </summary>
    public double? BackboneLearningRate { get; init; }

    /// <summary>
    /// Side of the central square of the input that the face models' network sees, as a fraction of the input side; it
    /// is resized to the network's 150x150 inside the model. Default 0.6: with <c>curation.facePercent</c> 0.5 (the face
    /// box half the crop's width) that is about the tight, dlib-aligned face face-api's network was trained on. Use
    /// 1 for crops that are already that tight.
    /// </summary>
    public double BackboneCrop { get; init; } = 0.6;
}
