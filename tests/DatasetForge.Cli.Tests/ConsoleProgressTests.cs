using DatasetForge.Cli.Output;
using DatasetForge.Core.Pipeline;
using Spectre.Console;

namespace DatasetForge.Cli.Tests;

/// <summary>Progress as Keras and fastai show it: one bar per stage, epochs as one bar whose text changes, no stale rows.</summary>
public sealed class ConsoleProgressTests
{
    private static readonly string Epoch = "epoch 3/30 · train loss 1.2034 accuracy 0.412 · validation loss 1.3001 accuracy 0.350";

    [Fact]
    public async Task Interactive_ThirtyEpochsAndSeveralSteps_LeaveOneFinishedBarPerStage()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(new StringWriter()),
        });
        var progress = new ConsoleProgress(console);

        await progress.RunAsync(() =>
        {
            progress.Report(new StageProgress(PipelineStage.Curate, "detect", 5, 10));
            progress.Report(new StageProgress(PipelineStage.Curate, "decide", 10, 10));
            for (var epoch = 1; epoch <= 30; epoch++)
            {
                progress.Report(new StageProgress(PipelineStage.Train, "epochs", epoch, 30, $"epoch {epoch}/30 · train loss 1.0"));
            }

            progress.Report(new StageProgress(PipelineStage.Report, "render", 1, 2));
            return Task.FromResult(0);
        });

        progress.Bars.Count.ShouldBe(3);
        progress.Bars.ShouldAllBe(b => b.EndsWith(" done", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Interactive_DuringTraining_TheBarNamesTheEpochAndItsLosses()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(new StringWriter()),
        });
        var progress = new ConsoleProgress(console);
        IReadOnlyList<string> during = [];

        await progress.RunAsync(() =>
        {
            progress.Report(new StageProgress(PipelineStage.Train, "epochs", 3, 30, Epoch));
            during = progress.Bars;
            return Task.FromResult(0);
        });

        during.ShouldHaveSingleItem().ShouldBe($"train    epochs · {Epoch}");
    }

    [Fact]
    public async Task Plain_EachEpochLinePrintsItsLossesLabelled()
    {
        var capture = new ConsoleCapture();
        capture.Console.Profile.Width = 4096;
        var progress = new ConsoleProgress(capture.Console);

        await progress.RunAsync(() =>
        {
            progress.Report(new StageProgress(PipelineStage.Train, "epochs", 3, 30, Epoch));
            return Task.FromResult(0);
        });

        capture.Text.ShouldContain($"  train: epochs {Epoch}");
        progress.Bars.ShouldBeEmpty();
    }
}
