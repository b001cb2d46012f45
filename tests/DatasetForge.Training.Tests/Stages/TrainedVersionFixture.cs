using DatasetForge.Core.Pipeline;
using DatasetForge.Training.Stages;
using DatasetForge.Training.Tests.Support;

namespace DatasetForge.Training.Tests.Stages;

/// <summary>One Fashion-MNIST version (4 classes x 60 images), trained and evaluated once for the tests that read the results.</summary>
public sealed class TrainedVersionFixture : IAsyncLifetime
{
    public TestVersion Version { get; private set; } = null!;

    public StageResult Trained { get; private set; } = null!;

    public StageResult Evaluated { get; private set; } = null!;

    public List<StageProgress> Progress { get; } = [];

    public async Task InitializeAsync()
    {
        Version = await TestVersion.CreateAsync();
        var context = Version.Context() with { Progress = new SyncProgress<StageProgress>(Progress.Add) };
        Trained = await new TrainStage().RunAsync(context);
        Evaluated = await new EvaluateStage().RunAsync(context);
    }

    public async Task DisposeAsync() => await Version.DisposeAsync();
}
