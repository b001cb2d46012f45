using System.CommandLine;
using System.Globalization;
using DatasetForge.Cli.Hosting;
using DatasetForge.Cli.Output;
using DatasetForge.Core.Pipeline;
using DatasetForge.Training.CrossValidation;
using DatasetForge.Training.Ensembles;
using DatasetForge.Training.Stages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DatasetForge.Cli.Commands;

/// <summary>
/// <c>forge train</c> (<c>--resume &lt;run&gt;</c>, <c>--force</c>, <c>--folds &lt;k&gt;</c> for k-fold cross-validation) and
/// <c>forge evaluate</c> (<c>--run &lt;run&gt;</c>, <c>--ensemble &lt;run&gt; &lt;run&gt; … [--voting weighted] [--weights …]</c>).
/// </summary>
internal static class TrainingCommands
{
    private static readonly Option<string?> Resume = new("--resume") { HelpName = "run-id", Description = "Resume an interrupted run from its last finished epoch." };

    private static readonly Option<bool> Force = new("--force") { Description = "Train again even when the version already has a trained run of the model." };

    private static readonly Option<int?> Folds = new("--folds")
    {
        HelpName = "count",
        Description = "k-fold cross-validation on the newest version's train and validation items instead of one run " +
            "(the version's folds.csv decides the folds when it has one; k only applies without it).",
    };

    private static readonly Option<string?> Run = new("--run") { HelpName = "run-id", Description = "The run to evaluate (default: the newest run not yet evaluated)." };

    private static readonly Option<string[]> GradCam = new("--gradcam")
    {
        Description = "Grad-CAM overlays on the evaluation page: a number (taken from the classes in turn) or the ids of items of the evaluated split.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string[]> Ensemble = new("--ensemble")
    {
        Description = "Evaluate an ensemble of these runs of one version (two or more).",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<EnsembleVoting> Voting = new("--voting")
    {
        Description = "Majority: one vote per run; Weighted: votes weighted by --weights or by each run's validation accuracy.",
        DefaultValueFactory = _ => EnsembleVoting.Majority,
        HelpName = "majority|weighted",
        // Parsed here so that a wrong value is answered in words, not with the enum's .NET type name.
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (Enum.TryParse<EnsembleVoting>(text, ignoreCase: true, out var voting) && Enum.IsDefined(voting) && !int.TryParse(text, out _))
            {
                return voting;
            }

            result.AddError($"--voting takes majority or weighted, not '{text}'.");
            return EnsembleVoting.Majority;
        },
    };

    private static readonly Option<double[]> Weights = new("--weights")
    {
        Description = "One weight per --ensemble run, in order (implies weighted voting).",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Command Create(ForgeRuntime runtime, PipelineStage stage, string description)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var command = new Command(stage.ToString().ToLowerInvariant(), description) { CommonOptions.Dataset };
        if (stage == PipelineStage.Train)
        {
            command.Options.Add(Resume);
            command.Options.Add(Force);
            command.Options.Add(Folds);
            command.SetAction((result, token) => CommandErrors.HandleAsync(runtime.Console, () => TrainAsync(runtime, result, token)));
        }
        else
        {
            command.Options.Add(Run);
            command.Options.Add(Ensemble);
            command.Options.Add(Voting);
            command.Options.Add(Weights);
            command.Options.Add(GradCam);
            command.SetAction((result, token) => CommandErrors.HandleAsync(runtime.Console, () => EvaluateAsync(runtime, result, token)));
        }

        return command;
    }

    private static async Task<int> TrainAsync(ForgeRuntime runtime, ParseResult result, CancellationToken token)
    {
        var paths = CommonOptions.Paths(result);
        var dataset = runtime.LoadDataset(paths, result.GetValue(CommonOptions.Dataset)!);
        if (result.GetValue(Folds) is not { } folds)
        {
            var options = new TrainStageOptions { ResumeRunId = result.GetValue(Resume), Force = result.GetValue(Force) };
            if (options.ResumeRunId is null)
            {
                await using var catalogue = await Catalogue.Catalogue.OpenAsync(paths.WorkspaceOf(dataset), token);
                if (!await catalogue.Versions.AnyAsync(token))
                {
                    throw new InvalidOperationException($"Dataset {dataset.Name} has no exported version to train on; run 'forge export' first (or 'forge run').");
                }
            }

            return await RunStageAsync(runtime, dataset, paths, new TrainStage(options, logger: runtime.LoggerFactory.CreateLogger<TrainStage>()), token);
        }

        var workspace = paths.WorkspaceOf(dataset);
        await using var lease = await runtime.LeaseAsync(workspace, token);
        Catalogue.Entities.VersionRecord version;
        await using (var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, token))
        {
            version = await catalogue.Versions.AsNoTracking().OrderByDescending(v => v.CreatedAt).FirstOrDefaultAsync(token)
                ?? throw new InvalidOperationException($"Dataset {dataset.Name} has no exported version to cross-validate; run 'forge export' first.");
        }

        // Reported on the calling thread, so fold lines print before the summary.
        var progress = new ImmediateProgress<FoldResult>(f => runtime.Console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture, $"  fold {f.Fold}: {f.TrainCount} train, {f.ValidationCount} validation, {f.EpochsRun} epochs, loss {f.Loss:0.0000}, metric {f.Metric:0.0000}, run {Markup.Escape(f.RunId)}")));
        var cv = await ForgeRuntime.WhileHeldAsync(
            lease, workspace, held => CrossValidator.RunAsync(workspace, version, dataset.Training, dataset.Seed, folds, progress: progress, time: runtime.Time, cancellationToken: held), token);
        runtime.Console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[green]✓[/] [bold]cross-validation[/] of {Markup.Escape(cv.Model)} on version {Markup.Escape(cv.VersionId)}, {cv.Folds.Count} folds ({Markup.Escape(cv.FoldSource)}): " +
            $"{cv.MetricName} {cv.Mean:0.0000} ± {cv.StandardDeviation:0.0000}. See {Markup.Escape(cv.Folder)}"));
        return 0;
    }

    private static async Task<int> EvaluateAsync(ForgeRuntime runtime, ParseResult result, CancellationToken token)
    {
        var paths = CommonOptions.Paths(result);
        var dataset = runtime.LoadDataset(paths, result.GetValue(CommonOptions.Dataset)!);
        var ensemble = result.GetValue(Ensemble) ?? [];
        if (ensemble.Length == 0)
        {
            var gradCam = result.GetValue(GradCam) ?? [];
            int? gradCamCount = gradCam.Length == 1 && int.TryParse(gradCam[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
            var options = new EvaluateStageOptions
            {
                RunId = result.GetValue(Run),
                Reevaluate = result.GetValue(Run) is not null || gradCam.Length > 0,
                GradCamCount = gradCamCount,
                GradCamItems = gradCam.Length > 0 && gradCamCount is null ? gradCam : null,
            };
            return await RunStageAsync(runtime, dataset, paths, new EvaluateStage(options, logger: runtime.LoggerFactory.CreateLogger<EvaluateStage>()), token);
        }

        var weights = result.GetValue(Weights) is { Length: > 0 } given ? given : null;
        var voting = weights is not null ? EnsembleVoting.Weighted : result.GetValue(Voting);
        var workspace = paths.WorkspaceOf(dataset);
        await using var lease = await runtime.LeaseAsync(workspace, token);
        var outcome = await ForgeRuntime.WhileHeldAsync(
            lease, workspace, held => EnsembleEvaluator.EvaluateAsync(workspace, ensemble, voting, weights, cancellationToken: held), token);
        for (var r = 0; r < outcome.RunIds.Count; r++)
        {
            runtime.Console.MarkupLine(string.Create(
                CultureInfo.InvariantCulture, $"  {Markup.Escape(outcome.RunIds[r])}: weight {outcome.Weights[r]:0.####}, accuracy alone {outcome.RunAccuracies[r]:P1}"));
        }

        runtime.Console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[green]✓[/] [bold]ensemble[/] {outcome.Id} ({outcome.Voting.ToString().ToLowerInvariant()} voting) on {outcome.Metrics.Count} {outcome.Metrics.Split} items: " +
            $"accuracy {outcome.Metrics.Accuracy:P1}, macro F1 {outcome.Metrics.MacroF1:0.000}. Wrote {Markup.Escape(outcome.Path!)}"));
        return 0;
    }

    /// <summary>Runs one stage built with command-line options, with the chain's progress display and summary.</summary>
    internal static async Task<int> RunStageAsync(
        ForgeRuntime runtime, Core.Definitions.DatasetDefinition dataset, ForgePaths paths, IPipelineStage stage, CancellationToken token)
    {
        var workspace = paths.WorkspaceOf(dataset);
        await using var lease = await runtime.LeaseAsync(workspace, token);
        var progress = new ConsoleProgress(runtime.Console);
        var context = new StageContext(dataset, workspace, progress, runtime.Time);
        var results = await ForgeRuntime.WhileHeldAsync(lease, workspace, held => progress.RunAsync(() => new PipelineRunner([stage]).RunAsync(
            context,
            null,
            r => runtime.Console.MarkupLine($"[green]✓[/] [bold]{r.Stage.ToString().ToLowerInvariant()}[/]: {Markup.Escape(r.Summary)}"),
            held)), token);
        Summary.PrintWhereToLook(runtime.Console, results, runtime.Verbose);
        return 0;
    }
}
