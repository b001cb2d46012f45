using DatasetForge.Cli.Output;
using DatasetForge.Core.Pipeline;
using System.Text.RegularExpressions;
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

        during.ShouldHaveSingleItem().ShouldBe($"train    {Epoch}");
    }

    /// <summary>
    /// On a terminal narrower than the epoch's text (120 columns, 80 columns) the bar still shows the epoch and its losses
    /// on one row; a description that widened the grid once made Spectre draw the whole display as a lone "…".
    /// </summary>
    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public async Task Interactive_NarrowTerminal_TheDrawnBarShowsTheEpochOnOneRowThatFits(int width)
    {
        var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(screen),
        });
        console.Profile.Width = width;
        console.Profile.Height = 40;
        var progress = new ConsoleProgress(console);
        var drawn = "";

        await progress.RunAsync(() =>
        {
            progress.Report(new StageProgress(PipelineStage.Curate, "decide", 10, 10));
            progress.Report(new StageProgress(PipelineStage.Train, "decode", 53, 53));
            progress.Report(new StageProgress(PipelineStage.Train, "epochs", 3, 30, Epoch));
            progress.Refresh();
            drawn = screen.ToString();
            return Task.FromResult(0);
        });

        var rows = Regex.Replace(drawn, @"\x1b\[[0-9;?]*[A-Za-z]", "").Split('\n').Select(r => r.TrimEnd('\r', ' ')).ToList();
        var epochRow = rows.Last(r => r.Contains("epoch 3/30", StringComparison.Ordinal));
        epochRow.ShouldContain("train");
        epochRow.ShouldContain(width switch { >= 200 => "validation loss 1.3001 accuracy 0.350", >= 120 => "val loss 1.3001 acc 0.350", _ => "train loss" });
        epochRow.ShouldContain("━");
        rows.ShouldAllBe(r => r.Length <= width);
        rows.ShouldNotContain(r => r.Trim() == "…");
    }

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("epoch 3/30 · train loss 1.2 accuracy 0.4 · validation loss 1.3 accuracy 0.3", 60, "epoch 3/30 · train loss 1.2 acc 0.4 · val loss 1.3 acc 0.3")]
    [InlineData("scrape   a-very-long-source-name: pages", 20, "scrape   a-very-lon…")]
    public void Fit_TooLong_ShortensThenCuts(string text, int width, string expected) =>
        ConsoleProgress.Fit(text, width).ShouldBe(expected);

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
