using System.Text.Json;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Workspace;

namespace DatasetForge.Training.Runs;

/// <summary><c>run.json</c>: what a run trained on (version, classes, input shape) and how (model, options, device).</summary>
public sealed record RunDescription
{
    public required string RunId { get; init; }

    public required string VersionId { get; init; }

    public required string Dataset { get; init; }

    public required string Model { get; init; }

    public required TrainingOptions Options { get; init; }

    /// <summary>cpu or cuda, as chosen at run time.</summary>
    public required string Device { get; init; }

    /// <summary>classification or regression (a numeric label).</summary>
    public string Task { get; init; } = "classification";

    /// <summary>Regression: the train targets' mean; the model predicts (value - mean) / scale.</summary>
    public double TargetMean { get; init; }

    /// <summary>Regression: the train targets' standard deviation.</summary>
    public double TargetScale { get; init; } = 1;

    /// <summary>Class names; class index i is Classes[i] (for regression: the distinct label values).</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Input channels the model was built for: 3 (RGB) or 1 (grey).</summary>
    public required int Channels { get; init; }

    public required int InputSize { get; init; }

    public required int Seed { get; init; }

    public required int TrainCount { get; init; }

    public required int ValidationCount { get; init; }

    public required int TestCount { get; init; }

    /// <summary>The loss early stopping watched: validation, or train when the validation split is empty.</summary>
    public required string Monitor { get; init; }

    public required DateTime StartedAt { get; init; }

    public DateTime? FinishedAt { get; init; }

    /// <summary>See <see cref="RunStatus"/>.</summary>
    public required string Status { get; init; }

    public int EpochsRun { get; init; }

    public int BestEpoch { get; init; }

    /// <summary>The best value of the monitored loss.</summary>
    public double? BestLoss { get; init; }

    /// <summary>Training throughput over all epochs (forward + backward, augmentation included).</summary>
    public double? ImagesPerSecond { get; init; }

    /// <summary>Seconds the training thread waited for batches, over all epochs: near 0 when data loading keeps up.</summary>
    public double? DataWaitSeconds { get; init; }

    /// <summary>Seconds of training over all epochs (the denominator of <see cref="ImagesPerSecond"/>).</summary>
    public double? TrainSeconds { get; init; }

    /// <summary>The weights file the run started from (fine-tuning), when one.</summary>
    public string? InitialWeights { get; init; }

    /// <summary>The pretrained trunk, for the face models and runs from initial weights; null otherwise.</summary>
    public BackboneDescription? Backbone { get; init; }

    /// <summary>The fold a cross-validation run validated on (its validation split is that fold); null for an ordinary run.</summary>
    public int? Fold { get; init; }

    /// <summary>Why the run failed, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>Web defaults, indented.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task WriteAsync(string runFolder, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(runFolder, RunFiles.Description);
        await AtomicFile.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(this, SerializerOptions), cancellationToken);
    }

    public static async Task<RunDescription> ReadAsync(string runFolder, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(runFolder, RunFiles.Description);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The run description {path} is missing.", path);
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<RunDescription>(stream, SerializerOptions, cancellationToken)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid run description: {e.Message}", e);
        }
    }
}
