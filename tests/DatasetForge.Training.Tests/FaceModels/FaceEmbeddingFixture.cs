using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Training.Stages;
using DatasetForge.Training.Tests.Support;

namespace DatasetForge.Training.Tests.FaceModels;

/// <summary>A face-embedding run on the real faces (franck against 13 other people), trained and evaluated once.</summary>
public sealed class FaceEmbeddingFixture : IAsyncLifetime
{
    /// <summary>The options of the run: the crops' side, and few epochs (the head is all that trains).</summary>
    public static readonly TrainingOptions Training = new()
    {
        Model = "face-embedding", InputSize = 96, Epochs = 6, BatchSize = 8, LearningRate = 3e-3, Patience = 6, Device = "cpu",
    };

    public TestVersion Version { get; private set; } = null!;

    public StageResult Trained { get; private set; } = null!;

    public StageResult Evaluated { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Version = await TestVersion.CreateAsync(RealFaces.Crops(Training.InputSize), Training);
        Trained = await new TrainStage().RunAsync(Version.Context());
        Evaluated = await new EvaluateStage().RunAsync(Version.Context());
    }

    public async Task DisposeAsync() => await Version.DisposeAsync();
}
