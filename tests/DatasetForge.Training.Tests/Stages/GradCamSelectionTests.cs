using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Training.Runs;
using DatasetForge.Training.Stages;
using DatasetForge.Training.Tests.Support;

namespace DatasetForge.Training.Tests.Stages;

/// <summary>The evaluation page shows Grad-CAM for as many items as asked, or for the items named.</summary>
[Collection(TorchCollection.Name)]
public sealed class GradCamSelectionTests
{
    [Fact]
    public async Task Evaluate_GradCamCountOrItems_ChoosesTheOverlays()
    {
        var training = new TrainingOptions { InputSize = 16, Epochs = 1, BatchSize = 16, Device = "cpu" };
        await using var version = await TestVersion.CreateAsync(fashionClasses: [1, 8], perClass: 30, training: training);
        var trained = await new TrainStage().RunAsync(version.Context());
        var runId = Path.GetFileName(trained.Artifacts[0]);
        var page = Path.Combine(trained.Artifacts[0], RunFiles.EvaluationPage);

        var progress = new List<StageProgress>();
        await new EvaluateStage(new EvaluateStageOptions { RunId = runId, GradCamCount = 5 })
            .RunAsync(version.Context() with { Progress = new SyncProgress<StageProgress>(progress.Add) });
        var five = GradCamCaptions(await File.ReadAllTextAsync(page));

        var test = version.Manifest.Items.Where(i => i.Split == "test").ToList();
        await new EvaluateStage(new EvaluateStageOptions { RunId = runId, GradCamItems = [test[3].Id] }).RunAsync(version.Context());
        var one = GradCamCaptions(await File.ReadAllTextAsync(page));

        five.Count.ShouldBe(5);
        five.Select(c => c.Split(' ')[0]).Distinct().Count().ShouldBe(2, "taken from both classes in turn");
        one.ShouldHaveSingleItem().ShouldStartWith(test[3].Label);
        // The evaluate bar moves through its steps and ends each one full.
        progress.Select(p => p.Step).Distinct().TakeLast(2).ShouldBe(["predict", "grad-cam"]);
        progress.Last(p => p.Step == "predict").Done.ShouldBe(test.Count);
        progress.Last(p => p.Step == "grad-cam").ShouldBe(new StageProgress(PipelineStage.Evaluate, "grad-cam", 5, 5));
        await Should.ThrowAsync<ArgumentException>(
            () => new EvaluateStage(new EvaluateStageOptions { RunId = runId, GradCamItems = ["no-such-item"] }).RunAsync(version.Context()));
    }

    private static List<string> GradCamCaptions(string html)
    {
        var section = html[html.IndexOf("<h2>Grad-CAM</h2>", StringComparison.Ordinal)..];
        return [.. section.Split("<figcaption>").Skip(1).Select(s => System.Net.WebUtility.HtmlDecode(s[..s.IndexOf("</figcaption>", StringComparison.Ordinal)]))];
    }
}
