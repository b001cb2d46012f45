using System.Globalization;
using System.Text.Json;
using CsvHelper;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Training.Data;
using DatasetForge.Training.Evaluation;
using DatasetForge.Training.Models;
using DatasetForge.Training.Native;
using DatasetForge.Training.Runs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;

namespace DatasetForge.Training.Stages;

/// <summary>
/// The evaluate stage: loads the best weights of the newest trained run, re-verifies its version, predicts the test split
/// and writes metrics.json, predictions.csv and evaluation.html into the run folder.
/// </summary>
public sealed class EvaluateStage : IPipelineStage
{
    private readonly EvaluateStageOptions _options;
    private readonly DecodedImageCache _cache;
    private readonly ILogger _logger;

    public EvaluateStage(EvaluateStageOptions? options = null, DecodedImageCache? cache = null, ILogger<EvaluateStage>? logger = null)
    {
        _options = options ?? new EvaluateStageOptions();
        _cache = cache ?? DecodedImageCache.Shared;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Web defaults, indented: the format of metrics.json.</summary>
    public static JsonSerializerOptions MetricsSerializerOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public PipelineStage Stage => PipelineStage.Evaluate;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(context.Workspace, cancellationToken);
        var stageRun = await catalogue.StartAsync(PipelineStage.Evaluate, context.UtcNow, cancellationToken);
        try
        {
            var result = await EvaluateAsync(context, catalogue, cancellationToken);
            await catalogue.CompleteAsync(stageRun, result, context.UtcNow, cancellationToken);
            return result;
        }
        catch (Exception e)
        {
            await catalogue.FailAsync(stageRun, e, context.UtcNow);
            throw;
        }
    }

    private async Task<StageResult> EvaluateAsync(StageContext context, CatalogueDbContext catalogue, CancellationToken cancellationToken)
    {
        var run = await FindRunAsync(catalogue, cancellationToken);
        if (run is null)
        {
            return new StageResult(Stage, "No trained run waits for evaluation.", new Dictionary<string, long> { ["evaluated"] = 0 });
        }

        var folder = Path.Combine(context.Workspace.Root, run.Path);
        var description = await RunDescription.ReadAsync(folder, cancellationToken);
        var version = await catalogue.Versions.FirstOrDefaultAsync(v => v.Id == run.VersionId, cancellationToken)
            ?? throw new VersionIntegrityException($"Run {run.Id} was trained on version {run.VersionId}, which is no longer in the catalogue.");
        var data = await VersionReader.ReadAsync(context.Workspace, version, cancellationToken);
        if (!data.Classes.SequenceEqual(description.Classes, StringComparer.Ordinal))
        {
            throw new VersionIntegrityException(
                $"Run {run.Id}: the classes of version {version.Id} ({string.Join(", ", data.Classes)}) differ from those it was trained on " +
                $"({string.Join(", ", description.Classes)}).");
        }

        var split = Split.Test;
        var items = data.ItemsOf(split);
        string? note = null;
        if (items.Count == 0)
        {
            split = Split.Validation;
            items = data.ItemsOf(split);
            note = $"Version {version.Id} has no test items; the validation split was evaluated instead.";
            LogMessages.Note(_logger, note);
        }

        if (items.Count == 0)
        {
            throw new InvalidOperationException($"Version {version.Id} has neither test nor validation items to evaluate run {run.Id} on.");
        }

        var weights = Path.Combine(folder, RunFiles.Weights);
        if (!File.Exists(weights))
        {
            throw new FileNotFoundException($"Run {run.Id}: its weights {weights} are missing.", weights);
        }

        var native = TorchNative.EnsureLoaded();
        LogMessages.NativeState(_logger, native.Reason);
        var set = ImageSet.Load(items, description.InputSize, description.Channels, _cache, cancellationToken);
        var device = DeviceSelector.Choose(description.Options.Device, out _);
        int[] predicted;
        float[] confidence;
        using (var model = ModelFactory.Create(description.Model, new ModelShape(description.Channels, description.InputSize, description.Classes.Count)))
        {
            model.load(weights);
            model.to(device);
            (predicted, confidence) = ModelTrainer.Predict(model, set, device, Math.Max(1, description.Options.BatchSize), cancellationToken);
        }

        var splitName = VersionManifest.SplitName(split);
        var metrics = MetricsCalculator.Compute(run.Id, version.Id, splitName, data.Classes, [.. items.Select(i => i.ClassIndex)], predicted);
        await File.WriteAllBytesAsync(
            Path.Combine(folder, RunFiles.Metrics), JsonSerializer.SerializeToUtf8Bytes(metrics, MetricsSerializerOptions), cancellationToken);
        await WritePredictionsAsync(Path.Combine(folder, RunFiles.Predictions), items, data.Classes, predicted, confidence, cancellationToken);
        var page = Path.Combine(folder, RunFiles.EvaluationPage);
        await File.WriteAllTextAsync(page, EvaluationPage.Render(metrics, description.Model, note), cancellationToken);

        run.TestAccuracy = metrics.Accuracy;
        run.Status = RunStatus.Evaluated;
        await catalogue.SaveChangesAsync(cancellationToken);
        LogMessages.Evaluated(_logger, run.Id, splitName, metrics.Accuracy, metrics.MacroF1);

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Evaluated run {run.Id} ({description.Model}, version {version.Id}) on {items.Count} {splitName} items: " +
            $"accuracy {metrics.Accuracy:P1}, macro F1 {metrics.MacroF1:0.000}.");
        if (note is not null)
        {
            summary += " " + note;
        }

        var correct = metrics.ConfusionMatrix.Select((row, i) => row[i]).Sum();
        return new StageResult(Stage, summary, new Dictionary<string, long>
        {
            ["evaluated"] = 1,
            ["items"] = items.Count,
            ["correct"] = correct,
        })
        {
            Artifacts = [page],
        };
    }

    private async Task<TrainingRunRecord?> FindRunAsync(CatalogueDbContext catalogue, CancellationToken cancellationToken)
    {
        if (_options.RunId is { } id)
        {
            var chosen = await catalogue.TrainingRuns.FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
                ?? throw new InvalidOperationException($"Run {id} is not in the catalogue.");
            if (chosen.Status is not (RunStatus.Trained or RunStatus.Evaluated))
            {
                throw new InvalidOperationException($"Run {id} has status {chosen.Status}; only trained runs can be evaluated.");
            }

            return chosen;
        }

        var trained = await catalogue.TrainingRuns
            .Where(r => r.Status == RunStatus.Trained)
            .OrderByDescending(r => r.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (trained is not null || !_options.Reevaluate)
        {
            return trained;
        }

        return await catalogue.TrainingRuns
            .Where(r => r.Status == RunStatus.Evaluated)
            .OrderByDescending(r => r.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private static async Task WritePredictionsAsync(
        string path,
        IReadOnlyList<VersionItem> items,
        IReadOnlyList<string> classes,
        int[] predicted,
        float[] confidence,
        CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        await using var csv = CsvWriter.Create(stream, CsvFormat.Options);
        await csv.WriteRecordAsync(["id", "label", "predicted", "confidence"], cancellationToken);
        for (var i = 0; i < items.Count; i++)
        {
            await csv.WriteRecordAsync(
                [items[i].Id, items[i].Label, classes[predicted[i]], confidence[i].ToString("0.######", CultureInfo.InvariantCulture)],
                cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }
}
