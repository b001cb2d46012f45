using System.CommandLine;
using DatasetForge.Cli.Hosting;
using DatasetForge.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace DatasetForge.Cli.Commands;

/// <summary><c>forge scrape|import|curate|export|train|evaluate|report</c> and <c>forge run</c> (the whole chain).</summary>
internal static class StageCommands
{
    private static readonly Option<int?> ExportFolds = new("--folds")
    {
        Description = "Also write folds.csv: k grouped, label-stratified folds (2 to 20) over the train and validation items.",
    };

    private static readonly Option<bool> ForceCurate = new("--force")
    {
        Description = "Detect, crop and analyse every photo again (curate redoes by itself only new photos and those whose crop settings changed).",
    };

    private static readonly Dictionary<PipelineStage, string> Descriptions = new()
    {
        [PipelineStage.Scrape] = "Fetch the sources' pages and photos into the catalogue and the image store.",
        [PipelineStage.Import] = "Import existing datasets (CSV + folder, folder per class, labels in file names, video frames, IDX) into the catalogue and the image store.",
        [PipelineStage.Curate] = "Detect and crop faces, apply the filters, group duplicates; every decision is recorded.",
        [PipelineStage.Export] = "Cut an immutable, stratified, grouped train/validation/test version.",
        [PipelineStage.Train] = "Train a model on the newest version's train split, early-stopped on validation.",
        [PipelineStage.Evaluate] = "Evaluate the newest trained model on the test split.",
        [PipelineStage.Report] = "Write the HTML and JSON report of the dataset, its newest version and evaluation.",
    };

    public static IEnumerable<Command> Create(ForgeRuntime runtime)
    {
        foreach (var stage in Enum.GetValues<PipelineStage>())
        {
            if (stage is PipelineStage.Train or PipelineStage.Evaluate)
            {
                // Same verbs, with the run options (--resume, --force, --folds, --run, --ensemble).
                yield return TrainingCommands.Create(runtime, stage, Descriptions[stage]);
                continue;
            }

            var command = new Command(stage.ToString().ToLowerInvariant(), Descriptions[stage]) { CommonOptions.Dataset };
            if (stage == PipelineStage.Scrape)
            {
                command.Options.Add(ScrapeDryRunCommand.DryRun);
                command.SetAction((result, token) => result.GetValue(ScrapeDryRunCommand.DryRun) is null
                    ? RunAsync(runtime, result, [stage], token)
                    : ScrapeDryRunCommand.RunAsync(runtime, result, token));
                yield return command;
                continue;
            }

            if (stage == PipelineStage.Curate)
            {
                command.Options.Add(ForceCurate);
                command.SetAction((result, token) => result.GetValue(ForceCurate)
                    ? CommandErrors.HandleAsync(runtime.Console, () =>
                    {
                        var paths = CommonOptions.Paths(result);
                        var dataset = runtime.LoadDataset(paths, result.GetValue(CommonOptions.Dataset)!);
                        var curate = new Curation.Stage.CurateStage(
                            runtime.LoggerFactory.CreateLogger<Curation.Stage.CurateStage>(), new Curation.Stage.CurateStageOptions { Force = true });
                        return TrainingCommands.RunStageAsync(runtime, dataset, paths, curate, token);
                    })
                    : RunAsync(runtime, result, [stage], token));
                yield return command;
                continue;
            }

            if (stage == PipelineStage.Export)
            {
                command.Options.Add(ExportFolds);
                command.SetAction((result, token) => result.GetValue(ExportFolds) is { } folds
                    ? CommandErrors.HandleAsync(runtime.Console, () =>
                    {
                        var paths = CommonOptions.Paths(result);
                        var dataset = runtime.LoadDataset(paths, result.GetValue(CommonOptions.Dataset)!);
                        var options = new Export.ExportOptions { Folds = folds };
                        options.Validate();
                        return TrainingCommands.RunStageAsync(runtime, dataset, paths, new Export.ExportStage(options), token);
                    })
                    : RunAsync(runtime, result, [stage], token));
                yield return command;
                continue;
            }

            command.SetAction((result, token) => RunAsync(runtime, result, [stage], token));
            yield return command;
        }

        var run = new Command("run", "Run the whole chain for a dataset: scrape, import, curate, export, train, evaluate, report.") { CommonOptions.Dataset };
        run.SetAction((result, token) => RunAsync(runtime, result, null, token));
        yield return run;
    }

    private static Task<int> RunAsync(ForgeRuntime runtime, ParseResult result, IReadOnlyCollection<PipelineStage>? only, CancellationToken token) =>
        CommandErrors.HandleAsync(runtime.Console, async () =>
        {
            var paths = CommonOptions.Paths(result);
            var dataset = runtime.LoadDataset(paths, result.GetValue(CommonOptions.Dataset)!);
            var results = await runtime.RunChainAsync(dataset, paths, only, token);
            Summary.PrintWhereToLook(runtime.Console, results, runtime.Verbose);
            return 0;
        });
}
