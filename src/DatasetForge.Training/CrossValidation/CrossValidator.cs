using System.Globalization;
using System.Text.Json;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;
using DatasetForge.Torch;
using DatasetForge.Torch.Native;
using DatasetForge.Training.Data;
using DatasetForge.Training.Evaluation;
using DatasetForge.Training.Models;
using DatasetForge.Training.Runs;
using DatasetForge.Training.Stages;
using Microsoft.EntityFrameworkCore;
using TorchSharp;

namespace DatasetForge.Training.CrossValidation;

/// <summary>
/// k-fold cross-validation on a version's train and validation items (the test split stays held out): fold i
/// validates a model trained on the other folds. The folds come from the version's <c>folds.csv</c> when the export
/// wrote one, otherwise from <see cref="FoldAssignment"/>. Each fold is an ordinary training run (run.json, epochs.csv,
/// model.bin, a catalogue row) with the id and folder <c>runs/cv-&lt;version&gt;-&lt;model&gt;-k&lt;k&gt;/fold-&lt;i&gt;</c>, so
/// evaluate, ensembles and predict take it by name; the summary is <c>cross-validation.json</c> beside them.
/// </summary>
public static class CrossValidator
{
    /// <summary>The default number of folds when the version has none: 5.</summary>
    public const int DefaultFolds = 5;

    /// <summary>
    /// Trains and validates one model per fold with <paramref name="training"/> and reports the metric's mean and
    /// standard deviation. <paramref name="folds"/> applies only when the version has no <c>folds.csv</c>.
    /// </summary>
    public static async Task<CrossValidationResult> RunAsync(
        DatasetWorkspace workspace,
        VersionRecord version,
        TrainingOptions training,
        int seed,
        int folds = DefaultFolds,
        IProgress<FoldResult>? progress = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(training);
        TrainStage.Validate(training);
        time ??= TimeProvider.System;
        var data = await VersionReader.ReadAsync(workspace, version, cancellationToken);
        if (data.UntrainableReason is { } untrainable)
        {
            throw new InvalidOperationException($"Cannot cross-validate: {untrainable}.");
        }

        var testName = VersionManifest.SplitName(Split.Test);
        var pool = data.Items.Where(i => i.Split != testName).ToList();
        var written = await VersionFolds.ReadAsync(data.Folder, cancellationToken);
        IReadOnlyDictionary<string, int> foldOf;
        string source;
        if (written is not null)
        {
            var missing = pool.FirstOrDefault(i => !written.ContainsKey(i.Id));
            if (missing is not null)
            {
                throw new InvalidDataException(
                    $"{Path.Combine(data.Folder, VersionFolds.FileName)} gives no fold for item {missing.Id} of the {missing.Split} split.");
            }

            foldOf = written;
            source = VersionFolds.FileName;
        }
        else
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
            var groups = data.Manifest.Items.ToDictionary(i => i.Id, i => i.Group, StringComparer.Ordinal);
            foldOf = FoldAssignment.Assign([.. pool.Select(i => (i.Id, i.Label, groups[i.Id]))], folds, seed);
            source = "assigned";
        }

        var foldNumbers = pool.Select(i => foldOf[i.Id]).Distinct().Order().ToList();
        if (foldNumbers.Count < 2)
        {
            throw new InvalidOperationException($"Version {version.Id}: cross-validation needs at least two non-empty folds, found {foldNumbers.Count}.");
        }

        TorchNative.EnsureLoaded();
        var model = ModelFactory.KnownModels.First(m => string.Equals(m, training.Model, StringComparison.OrdinalIgnoreCase));
        var regression = data.IsRegression;
        using var pixels = TensorFile.OpenVersion(workspace, data, training.InputSize, cancellationToken: cancellationToken);
        var channels = ImageSet.ChannelsOf(pool, pixels);
        using var smallPixels = training.ProgressiveSize is { } smallSide
            ? TensorFile.OpenVersion(workspace, data, smallSide, cancellationToken: cancellationToken)
            : null;
        var device = DeviceSelector.Choose(training.Device, out _);
        var initialWeights = TrainStage.InitialWeightsPath(workspace, training);
        var name = string.Create(CultureInfo.InvariantCulture, $"{RunIds.CrossValidationPrefix}{version.Id}-{model}-k{foldNumbers.Count}");
        var folder = Path.Combine(workspace.Root, "runs", name);
        var testCount = data.Items.Count - pool.Count;
        var backbone = await BackboneDescription.ForAsync(training, initialWeights, cancellationToken);
        var deviceName = DeviceSelector.NameOf(device);
        var results = new List<FoldResult>();
        foreach (var fold in foldNumbers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trainItems = pool.Where(i => foldOf[i.Id] != fold).ToList();
            var validationItems = pool.Where(i => foldOf[i.Id] == fold).ToList();
            var train = ImageSet.FromFile(trainItems, pixels, channels);
            var validation = ImageSet.FromFile(validationItems, pixels, channels);
            var values = trainItems.Select(i => i.Value).ToArray();
            var mean = regression ? values.Average() : 0;
            var scale = regression ? Math.Max(1e-6, Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average())) : 1;
            var runId = string.Create(CultureInfo.InvariantCulture, $"{name}/fold-{fold}");
            var relative = Path.Combine("runs", name, string.Create(CultureInfo.InvariantCulture, $"fold-{fold}"));
            var runFolder = Path.Combine(workspace.Root, relative);
            // A fold run again is trained anew: nothing of the last one (epochs, evaluation) may mix into it.
            if (Directory.Exists(runFolder))
            {
                Directory.Delete(runFolder, recursive: true);
            }

            Directory.CreateDirectory(runFolder);
            var startedAt = time.GetUtcNow().UtcDateTime;
            var description = new RunDescription
            {
                RunId = runId,
                VersionId = version.Id,
                Dataset = workspace.Name,
                Model = model,
                Options = training,
                Device = deviceName,
                Task = regression ? "regression" : "classification",
                TargetMean = mean,
                TargetScale = scale,
                Classes = data.Classes,
                Channels = channels,
                InputSize = training.InputSize,
                Seed = seed,
                TrainCount = train.Count,
                ValidationCount = validation.Count,
                TestCount = testCount,
                Monitor = "validation",
                StartedAt = startedAt,
                Status = RunStatus.Running,
                InitialWeights = initialWeights,
                Backbone = backbone,
                Fold = fold,
            };
            await description.WriteAsync(runFolder, cancellationToken);
            var record = await RecordAsync(workspace, runId, r =>
            {
                r.VersionId = version.Id;
                r.Model = model;
                r.Device = deviceName;
                r.StartedAt = startedAt;
                r.FinishedAt = null;
                r.EpochsRun = 0;
                r.BestEpoch = 0;
                r.BestValidationLoss = null;
                r.TestAccuracy = null;
                r.Path = relative;
                r.Status = RunStatus.Running;
            }, cancellationToken);

            var settings = new TrainerSettings(training, seed, runFolder)
            {
                Regression = regression,
                TargetMean = mean,
                TargetScale = scale,
                ClassWeights = !regression && training.ClassWeights ? TrainStage.ClassWeightsOf(trainItems, data.Classes.Count) : null,
                ProgressiveTrain = smallPixels is null ? null : ImageSet.FromFile(trainItems, smallPixels, channels),
            };

            TrainingOutcome outcome;
            double loss, metric;
            try
            {
                // The same seed for every fold: the folds differ only in their data, as the mean and spread should say.
                torch.manual_seed(seed);
                using var network = ModelFactory.Create(model, new ModelShape(channels, training.InputSize, regression ? 1 : data.Classes.Count), training);
                if (initialWeights is not null)
                {
                    WeightsLoader.LoadMatching(network, initialWeights);
                }

                network.to(device);
                using (var log = new EpochLog(Path.Combine(runFolder, RunFiles.Epochs), regression))
                {
                    outcome = ModelTrainer.Fit(network, train, validation, settings, device, time, log.Write, cancellationToken);
                }

                network.load(Path.Combine(runFolder, RunFiles.Weights));
                (loss, metric) = ModelTrainer.Evaluate(network, validation, device, Math.Max(1, training.BatchSize), settings, cancellationToken);
            }
            catch (Exception e)
            {
                var finishedAt = time.GetUtcNow().UtcDateTime;
                await RecordAsync(workspace, runId, r => (r.Status, r.FinishedAt) = (RunStatus.Failed, finishedAt), CancellationToken.None);
                await (description with { Status = RunStatus.Failed, Error = e is OperationCanceledException ? "cancelled" : e.Message, FinishedAt = finishedAt })
                    .WriteAsync(runFolder, CancellationToken.None);
                throw;
            }

            var epochs = EpochLog.Read(Path.Combine(runFolder, RunFiles.Epochs));
            await File.WriteAllTextAsync(Path.Combine(runFolder, RunFiles.LearningCurve), LearningCurvePlot.Render(epochs, regression), cancellationToken);
            var finished = time.GetUtcNow().UtcDateTime;
            await (description with
            {
                Status = RunStatus.Trained,
                FinishedAt = finished,
                EpochsRun = outcome.EpochsRun,
                BestEpoch = outcome.BestEpoch,
                BestLoss = outcome.BestLoss,
                ImagesPerSecond = outcome.ImagesPerSecond,
                DataWaitSeconds = outcome.DataWaitSeconds,
                TrainSeconds = outcome.TrainSeconds,
            }).WriteAsync(runFolder, cancellationToken);
            await RecordAsync(workspace, record.Id, r =>
            {
                r.Status = RunStatus.Trained;
                r.FinishedAt = finished;
                r.EpochsRun = outcome.EpochsRun;
                r.BestEpoch = outcome.BestEpoch;
                r.BestValidationLoss = outcome.BestLoss;
            }, cancellationToken);
            var result = new FoldResult(fold, train.Count, validation.Count, outcome.EpochsRun, outcome.BestEpoch, loss, metric, runId);
            results.Add(result);
            progress?.Report(result);
        }

        var metrics = results.Select(r => r.Metric).ToArray();
        var average = metrics.Average();
        var std = Math.Sqrt(metrics.Sum(m => (m - average) * (m - average)) / (metrics.Length - 1));
        var summary = new CrossValidationResult
        {
            VersionId = version.Id,
            Model = model,
            FoldSource = source,
            MetricName = regression ? "mae" : "accuracy",
            Folds = results,
            Mean = average,
            StandardDeviation = std,
            Folder = folder,
        };
        await AtomicFile.WriteAllBytesAsync(
            Path.Combine(folder, "cross-validation.json"), JsonSerializer.SerializeToUtf8Bytes(summary, EvaluateStage.MetricsSerializerOptions), cancellationToken);
        return summary;
    }

    /// <summary>Creates or updates the catalogue row of the fold run <paramref name="runId"/>, so evaluate and predict find it.</summary>
    private static async Task<TrainingRunRecord> RecordAsync(
        DatasetWorkspace workspace, string runId, Action<TrainingRunRecord> update, CancellationToken cancellationToken)
    {
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, cancellationToken);
        var record = await catalogue.TrainingRuns.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (record is null)
        {
            record = new TrainingRunRecord { Id = runId, VersionId = string.Empty, Model = string.Empty, Device = string.Empty, Path = string.Empty, Status = RunStatus.Running };
            catalogue.TrainingRuns.Add(record);
        }

        update(record);
        await catalogue.SaveChangesAsync(cancellationToken);
        return record;
    }
}
