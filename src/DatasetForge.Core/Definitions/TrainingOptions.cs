namespace DatasetForge.Core.Definitions;

/// <summary>How the trainer builds and fits a model on an exported version.</summary>
public sealed class TrainingOptions
{
    /// <summary>Model architecture. Default <c>small-cnn</c> (3 conv + pooling, dense, dropout).</summary>
    public string Model { get; init; } = "small-cnn";

    /// <summary>Side of the square input in pixels; crops are resized to it. Default 64.</summary>
    public int InputSize { get; init; } = 64;

    /// <summary>Most epochs to train. Default 40.</summary>
    public int Epochs { get; init; } = 40;

    /// <summary>Batch size. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Adam learning rate. Default 0.001.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Epochs without a better validation loss before training stops early. Default 8.</summary>
    public int Patience { get; init; } = 8;

    /// <summary>Device: <c>auto</c> (CUDA when present, else CPU; default), <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; init; } = "auto";
}
