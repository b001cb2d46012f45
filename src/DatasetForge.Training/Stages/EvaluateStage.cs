using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Torch;
using DatasetForge.Torch.Native;
using DatasetForge.Training.Data;
using DatasetForge.Training.Evaluation;
using DatasetForge.Training.Models;
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
    private readonly ILogger _logger;

    public EvaluateStage(EvaluateStageOptions? options = null, ILogger<EvaluateStage>? logger = null)
    {
        _options = options ?? new EvaluateStageOptions();
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
        using var pixels = TensorFile.OpenVersion(context, Stage, data, description.InputSize, cancellationToken);
        var set = ImageSet.FromFile(items, pixels, description.Channels);
        var device = DeviceSelector.Choose(description.Options.Device, out _);
        var regression = description.Task == "regression";
        var splitName = VersionManifest.SplitName(split);
        var batchSize = Math.Max(1, description.Options.BatchSize);
        var outputs = regression ? 1 : description.Classes.Count;
        using var model = ModelFactory.Create(description.Model, new ModelShape(description.Channels, description.InputSize, outputs), description.Options);
        model.load(weights);
        model.to(device);
        var page = Path.Combine(folder, RunFiles.EvaluationPage);
        var epochsFile = Path.Combine(folder, RunFiles.Epochs);
        var epochs = File.Exists(epochsFile) ? EpochLog.Read(epochsFile) : [];
        var sections = new StringBuilder();
        EvaluationReport report;
        string summary;
        var counts = new Dictionary<string, long> { ["evaluated"] = 1, ["items"] = items.Count };
        if (regression)
        {
            context.Progress.Report(new StageProgress(Stage, "predict", 0, items.Count));
            var predictedValues = ModelTrainer.Values(model, set, device, batchSize, description.TargetMean, description.TargetScale, cancellationToken);
            context.Progress.Report(new StageProgress(Stage, "predict", items.Count, items.Count));
            var actualValues = items.Select(i => i.Value).ToArray();
            var overall = RegressionMetrics.Of(actualValues, predictedValues);
            report = new EvaluationReport
            {
                RunId = run.Id, VersionId = version.Id, Split = splitName, Task = "regression", Count = items.Count, Regression = overall,
                PerFacet = PerFacet(items, idx =>
                {
                    var m = RegressionMetrics.Of([.. idx.Select(i => actualValues[i])], [.. idx.Select(i => predictedValues[i])]);
                    return new FacetMetrics(idx.Count, null, null, m.Mae, m.Rmse);
                }),
            };
            await WriteValuesAsync(Path.Combine(folder, RunFiles.Predictions), items, predictedValues, cancellationToken);
            sections.Append(CultureInfo.InvariantCulture, $"<h1>Evaluation of run {run.Id}</h1><p class=\"meta\">Model <b>{description.Model}</b> · dataset version <code>{version.Id}</code> · split <b>{splitName}</b> ({items.Count} items)</p>");
            if (note is not null)
            {
                sections.Append("<p class=\"warning\">").Append(System.Net.WebUtility.HtmlEncode(note)).Append("</p>");
            }

            sections.Append(CultureInfo.InvariantCulture, $"<p><span class=\"big\">MAE {overall.Mae:0.###}</span><span class=\"big\">RMSE {overall.Rmse:0.###}</span>bias {overall.Bias:0.###}</p>");
            sections.Append(LearningCurvePlot.Section(epochs, regression: true));
            sections.Append("<h2>Predicted against true</h2>").Append(EvaluationSections.Scatter(actualValues, predictedValues));
            sections.Append(EvaluationSections.PerFacet(report.PerFacet, regression: true));
            sections.Append(GradCams(context, model, set, device, GradCamSamples(items, [.. items.Select(_ => 0)], 4), _ => 0, i => items[i].Label));
            await File.WriteAllTextAsync(page, EvaluationSections.Page($"Evaluation of run {run.Id}", sections.ToString()), cancellationToken);
            run.Status = RunStatus.Evaluated;
            summary = string.Create(CultureInfo.InvariantCulture, $"Evaluated run {run.Id} ({description.Model}, version {version.Id}) on {items.Count} {splitName} items: MAE {overall.Mae:0.###}, RMSE {overall.Rmse:0.###}.");
        }
        else
        {
            context.Progress.Report(new StageProgress(Stage, "predict", 0, items.Count));
            var probabilities = ModelTrainer.Probabilities(model, set, device, batchSize, cancellationToken);
            context.Progress.Report(new StageProgress(Stage, "predict", items.Count, items.Count));
            var predicted = probabilities.Select(ModelTrainer.ArgMax).ToArray();
            var confidence = probabilities.Select((p, i) => p[predicted[i]]).ToArray();
            var actual = items.Select(i => i.ClassIndex).ToArray();
            var metrics = MetricsCalculator.Compute(run.Id, version.Id, splitName, data.Classes, actual, predicted);
            report = new EvaluationReport
            {
                RunId = run.Id, VersionId = version.Id, Split = splitName, Task = "classification", Count = items.Count, Classification = metrics,
                RejectCurve = ThresholdPoint.Curve(actual, predicted, confidence),
                PerFacet = PerFacet(items, idx =>
                {
                    var m = MetricsCalculator.Compute(run.Id, version.Id, splitName, data.Classes, [.. idx.Select(i => actual[i])], [.. idx.Select(i => predicted[i])]);
                    return new FacetMetrics(idx.Count, m.Accuracy, m.MacroF1, null, null);
                }),
            };
            await File.WriteAllBytesAsync(
                Path.Combine(folder, RunFiles.Metrics), JsonSerializer.SerializeToUtf8Bytes(metrics, MetricsSerializerOptions), cancellationToken);
            await WritePredictionsAsync(Path.Combine(folder, RunFiles.Predictions), items, data.Classes, predicted, confidence, cancellationToken);
            sections.Append(EvaluationSections.RejectCurve(report.RejectCurve));
            sections.Append(EvaluationSections.PerFacet(report.PerFacet, regression: false));
            sections.Append(Galleries(set, data.Classes, actual, predicted, confidence));
            var samples = GradCamSamples(items, actual, Math.Min(6, data.Classes.Count));
            sections.Append(GradCams(context, model, set, device, samples, i => predicted[i], i => $"{items[i].Label} → {data.Classes[predicted[i]]}"));
            await File.WriteAllTextAsync(page, EvaluationPage.Render(metrics, description.Model, note, sections.ToString(), epochs), cancellationToken);
            run.TestAccuracy = metrics.Accuracy;
            run.Status = RunStatus.Evaluated;
            LogMessages.Evaluated(_logger, run.Id, splitName, metrics.Accuracy, metrics.MacroF1);
            summary = string.Create(
                CultureInfo.InvariantCulture,
                $"Evaluated run {run.Id} ({description.Model}, version {version.Id}) on {items.Count} {splitName} items: " +
                $"accuracy {metrics.Accuracy:P1}, macro F1 {metrics.MacroF1:0.000}.");
            counts["correct"] = metrics.ConfusionMatrix.Select((row, i) => row[i]).Sum();
        }

        await File.WriteAllBytesAsync(
            Path.Combine(folder, RunFiles.Evaluation), JsonSerializer.SerializeToUtf8Bytes(report, MetricsSerializerOptions), cancellationToken);
        await catalogue.SaveChangesAsync(cancellationToken);
        if (note is not null)
        {
            summary += " " + note;
        }

        return new StageResult(Stage, summary, counts)
        {
            Artifacts = [page],
        };
    }

    /// <summary>Groups item indices by each facet value and measures each group.</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, FacetMetrics>> PerFacet(
        IReadOnlyList<VersionItem> items, Func<IReadOnlyList<int>, FacetMetrics> measure)
    {
        var groups = new Dictionary<string, Dictionary<string, List<int>>>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var (facet, value) in items[i].Facets ?? new Dictionary<string, string>())
            {
                if (!groups.TryGetValue(facet, out var values))
                {
                    groups[facet] = values = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                }

                if (!values.TryGetValue(value, out var list))
                {
                    values[value] = list = [];
                }

                list.Add(i);
            }
        }

        return groups.ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, FacetMetrics>)g.Value.ToDictionary(v => v.Key, v => measure(v.Value), StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    private static string Galleries(ImageSet set, IReadOnlyList<string> classes, int[] actual, int[] predicted, float[] confidence)
    {
        // The academic-major inspection: per class, the most confident right answers and the most confident mistakes both ways.
        // A class with no item in the split gets no section (the per-class table's note names it), an empty gallery no block.
        const int perGallery = 6;
        var html = new StringBuilder("<h2>Most confident predictions per class</h2>");
        for (var c = 0; c < classes.Count; c++)
        {
            var cls = c;
            if (!actual.Contains(cls))
            {
                continue;
            }

            (string, string) Tile(int i) => (
                ImageThumbnails.DataUri(set.ImageAt(i)),
                string.Create(CultureInfo.InvariantCulture, $"{set.Items[i].Id[..Math.Min(8, set.Items[i].Id.Length)]}: {classes[actual[i]]} → {classes[predicted[i]]} {confidence[i]:0.00}"));
            List<(string, string)> Top(Func<int, bool> where) =>
                [.. Enumerable.Range(0, actual.Length).Where(where).OrderByDescending(i => confidence[i]).Take(perGallery).Select(Tile)];
            var galleries = new (string Title, List<(string, string)> Tiles)[]
            {
                ("true positives", Top(i => actual[i] == cls && predicted[i] == cls)),
                ("false positives (predicted " + classes[c] + ")", Top(i => actual[i] != cls && predicted[i] == cls)),
                ("false negatives (missed " + classes[c] + ")", Top(i => actual[i] == cls && predicted[i] != cls)),
            };
            html.Append("<h3>").Append(System.Net.WebUtility.HtmlEncode(classes[c])).Append("</h3>");
            foreach (var (title, tiles) in galleries.Where(g => g.Tiles.Count > 0))
            {
                html.Append(EvaluationSections.Gallery(title, tiles));
            }

            var empty = galleries.Where(g => g.Tiles.Count == 0).Select(g => g.Title.Split(" (")[0]).ToList();
            if (empty.Count > 0)
            {
                html.Append("<p class=\"note\">No ").Append(string.Join(" and no ", empty)).Append(".</p>");
            }
        }

        return html.ToString();
    }

    /// <summary>
    /// The items shown with Grad-CAM: those named by <see cref="EvaluateStageOptions.GradCamItems"/> (an unknown id is an
    /// error naming it), else <see cref="EvaluateStageOptions.GradCamCount"/> (default <paramref name="defaultCount"/>)
    /// items taken from the classes in turn, in split order.
    /// </summary>
    private int[] GradCamSamples(IReadOnlyList<VersionItem> items, int[] classOf, int defaultCount)
    {
        if (_options.GradCamItems is { Count: > 0 } ids)
        {
            var index = items.Select((item, i) => (item.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
            return [.. ids.Select(id => index.TryGetValue(id, out var i)
                ? i
                : throw new ArgumentException($"Grad-CAM: item {id} is not in the evaluated split."))];
        }

        var count = Math.Min(items.Count, _options.GradCamCount ?? defaultCount);
        var queues = Enumerable.Range(0, items.Count).GroupBy(i => classOf[i]).OrderBy(g => g.Key).Select(g => new Queue<int>(g)).ToList();
        var samples = new List<int>();
        while (samples.Count < count)
        {
            foreach (var queue in queues.Where(q => q.Count > 0))
            {
                if (samples.Count < count)
                {
                    samples.Add(queue.Dequeue());
                }
            }
        }

        return [.. samples];
    }

    private static string GradCams(
        StageContext context,
        torch.nn.Module<torch.Tensor, torch.Tensor> model,
        ImageSet set,
        torch.Device device,
        IReadOnlyList<int> samples,
        Func<int, int> target,
        Func<int, string> caption)
    {
        if (model is not IFeatureModel)
        {
            return string.Empty;
        }

        var tiles = new List<(string, string)>();
        foreach (var i in samples)
        {
            context.Progress.Report(new StageProgress(PipelineStage.Evaluate, "grad-cam", tiles.Count, samples.Count));
            tiles.Add((ImageThumbnails.DataUri(GradCam.OverlayPng(model, set, i, target(i), device)), caption(i)));
        }

        context.Progress.Report(new StageProgress(PipelineStage.Evaluate, "grad-cam", tiles.Count, samples.Count));

        return "<h2>Grad-CAM</h2><p>Where the model looked for its prediction (red: most).</p>" + EvaluationSections.Gallery("samples", tiles);
    }

    private static async Task WriteValuesAsync(string path, IReadOnlyList<VersionItem> items, double[] predicted, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        await using var csv = CsvWriter.Create(stream, CsvFormat.Options);
        await csv.WriteRecordAsync(["id", "label", "predicted"], cancellationToken);
        foreach (var (item, value) in items.Zip(predicted))
        {
            await csv.WriteRecordAsync([item.Id, item.Label, value.ToString("0.####", CultureInfo.InvariantCulture)], cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
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

        // A cross-validation fold's run is evaluated when named: the chain evaluates the version's own run.
        var trained = await catalogue.TrainingRuns
            .Where(r => r.Status == RunStatus.Trained && !r.Id.StartsWith(RunIds.CrossValidationPrefix))
            .OrderByDescending(r => r.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (trained is not null || !_options.Reevaluate)
        {
            return trained;
        }

        return await catalogue.TrainingRuns
            .Where(r => r.Status == RunStatus.Evaluated && !r.Id.StartsWith(RunIds.CrossValidationPrefix))
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
