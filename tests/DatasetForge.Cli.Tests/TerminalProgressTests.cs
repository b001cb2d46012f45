using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// <c>forge train</c> on a real pseudo-terminal (util-linux <c>script</c>, 120 columns by 40 rows), as a user at a
/// terminal sees it: the training bar names each epoch with its losses, fits on its row, and ends done. A description
/// too wide for the row once made the whole display a lone "…", and no epoch was ever shown.
/// </summary>
public sealed partial class TerminalProgressTests
{
    [Fact]
    public async Task Train_OnA120ColumnTerminal_ShowsEachEpochOnTheBarAndEndsDone()
    {
        using var project = new GarmentProject(perClass: 20, training: "  model: small-cnn\n  inputSize: 32\n  epochs: 3\n  batchSize: 16\n  device: cpu");
        foreach (var stage in new[] { "import", "curate", "export" })
        {
            var (code, output) = await project.ForgeAsync(stage);
            code.ShouldBe(0, output);
        }

        var typescript = Path.Combine(project.Workspace.Root, "train.typescript");
        var forge = string.Join(' ', new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "forge.dll"), "train" }.Concat(project.ProjectArguments).Select(Quote));
        var start = new ProcessStartInfo("script") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-qfec", $"stty cols 120 rows 40; {forge}", typescript })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("NO_COLOR");
        start.Environment["TERM"] = "xterm-256color";
        using var script = Process.Start(start) ?? throw new InvalidOperationException("could not start script");
        var stdout = script.StandardOutput.ReadToEndAsync();
        var stderr = script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var screen = await File.ReadAllTextAsync(typescript);
        script.ExitCode.ShouldBe(0, $"{screen}\n{await stdout}\n{await stderr}");

        var rows = Escape().Replace(screen, string.Empty).Split('\n').Select(r => r.TrimEnd('\r', ' ')).ToList();
        var epochRows = rows.Where(r => r.StartsWith("train    epoch ", StringComparison.Ordinal)).ToList();
        epochRows.ShouldNotBeEmpty(screen);
        epochRows.ShouldAllBe(r => r.Length <= 120 && r.Contains("train loss") && r.Contains('━'));
        foreach (var epoch in new[] { 1, 2, 3 })
        {
            rows.ShouldContain(r => r.StartsWith($"train    epoch {epoch}/3 ", StringComparison.Ordinal), screen);
        }

        rows.ShouldContain(r => r.StartsWith("train    done ", StringComparison.Ordinal), screen);
        rows.ShouldNotContain(r => r.Trim() == "…", screen);
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex Escape();
}
