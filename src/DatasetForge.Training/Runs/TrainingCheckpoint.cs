using System.Text.Json;
using DatasetForge.Core.Workspace;

namespace DatasetForge.Training.Runs;

/// <summary>
/// <c>checkpoint.json</c>: where a run stood after its last finished epoch, written with <c>checkpoint.bin</c> (model)
/// and <c>optimizer.bin</c> (optimiser state) so <c>--resume</c> can go on from the next epoch.
/// </summary>
public sealed record TrainingCheckpoint(int Epoch, double BestLoss, int BestEpoch, int SinceBest, double LearningRate)
{
    public async Task WriteAsync(string runFolder, CancellationToken cancellationToken = default) =>
        await AtomicFile.WriteAllBytesAsync(
            Path.Combine(runFolder, RunFiles.CheckpointState), JsonSerializer.SerializeToUtf8Bytes(this, RunDescription.SerializerOptions), cancellationToken);

    /// <summary>The checkpoint of <paramref name="runFolder"/>, or null when the run finished no epoch.</summary>
    public static TrainingCheckpoint? Read(string runFolder)
    {
        var path = Path.Combine(runFolder, RunFiles.CheckpointState);
        if (!File.Exists(path) || !File.Exists(Path.Combine(runFolder, RunFiles.Checkpoint)))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TrainingCheckpoint>(File.ReadAllBytes(path), RunDescription.SerializerOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid checkpoint: {e.Message}", e);
        }
    }
}
