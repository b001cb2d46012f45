using System.Globalization;
using System.Text.Json;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
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
/// The train stage: fits the dataset's model on an exported version (the newest by default) and records the run.
/// Idempotent: a version that already has a trained run of the model is left alone unless forced.
/// </summary>
public sealed class TrainStage : IPipelineStage
{
    private readonly TrainStageOptions _options;
    private readonly ILogger _logger;

    public TrainStage(TrainStageOptions? options = null, ILogger<TrainStage>? logger = null)
    {
        _options = options ?? new TrainStageOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public PipelineStage Stage => PipelineStage.Train;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var training = context.Dataset.Training;
        Validate(training);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(context.Workspace, cancellationToken);
        var stageRun = await catalogue.StartAsync(PipelineStage.Train, context.UtcNow, cancellationToken);
        try
        {
            var result = await TrainAsync(context, catalogue, training, cancellationToken);
            await catalogue.CompleteAsync(stageRun, result, context.UtcNow, cancellationToken);
            return result;
        }
        catch (Exception e)
        {
            await catalogue.FailAsync(stageRun, e, context.UtcNow);
            throw;
        }
    }

    /// <summary>Throws when <paramref name="training"/> cannot train: the message names the option and what it accepts.</summary>
    public static void Validate(TrainingOptions training)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (!ModelFactory.IsKnown(training.Model))
        {
            throw new ArgumentException($"Unknown model '{training.Model}'. Known models: {string.Join(", ", ModelFactory.KnownModels)}.");
        }

        if (training.Epochs < 1 || training.BatchSize < 1 || training.InputSize < 8 || !(training.LearningRate > 0))
        {
            throw new ArgumentException(
                $"Training options need epochs >= 1, batch size >= 1, input size >= 8 and a positive learning rate " +
                $"(got epochs {training.Epochs}, batch size {training.BatchSize}, input size {training.InputSize}, learning rate {training.LearningRate}).");
        }

        if (!ModelTrainer.Optimizers.Contains(training.Optimizer))
        {
            throw new ArgumentException($"Unknown optimizer '{training.Optimizer}'. Use one of {string.Join(", ", ModelTrainer.Optimizers)}.");
        }

        if (!ModelTrainer.Schedules.Contains(training.Schedule))
        {
            throw new ArgumentException($"Unknown schedule '{training.Schedule}'. Use one of {string.Join(", ", ModelTrainer.Schedules)}.");
        }

        if (training.Momentum is < 0 or >= 1 || training.WeightDecay < 0 || training.FlipProbability is < 0 or > 1 ||
            training.ShiftFraction is < 0 or > 0.5 || training.MinCropScale is <= 0 or > 1 || training.RotationDegrees is < 0 or > 180 ||
            training.ColourJitter is < 0 or >= 1 || training.MixupAlpha < 0 || training.PlateauFactor is <= 0 or >= 1 || training.PlateauPatience < 1)
        {
            throw new ArgumentException(
                "Training options out of range: momentum in [0, 1), weightDecay >= 0, flipProbability in [0, 1], shiftFraction in [0, 0.5], " +
                "minCropScale in (0, 1], rotationDegrees in [0, 180], colourJitter in [0, 1), mixupAlpha >= 0, plateauFactor in (0, 1), plateauPatience >= 1.");
        }

        if ((training.InputSize & 7) != 0 && training.Model is SmallCnn.Name or VggBn.Name)
        {
            throw new ArgumentException($"Model {training.Model} pools three times: its input size must be a multiple of 8, not {training.InputSize}.");
        }

        if (!Freezing.IsValid(training.Freeze))
        {
            throw new ArgumentException($"freeze must be all, none or a number of residual blocks to train (e.g. 2), not '{training.Freeze}'.");
        }

        var spec = ModelFactory.Spec(training.Model);
        var plan = Freezing.Plan(spec, training.Freeze);
        if (!plan.TrainsEverything && spec.PretrainedWeights is null && training.InitialWeights is null)
        {
            throw new ArgumentException(
                $"freeze: {plan.Freeze} would freeze fresh, random weights: model {spec.Name} is pretrained only from initialWeights " +
                $"(set it, or use {FaceRecognitionModel.EmbeddingName} or {FaceRecognitionModel.FineTuneName}).");
        }

        if (training.BackboneLearningRate is { } backboneRate && !(backboneRate > 0))
        {
            throw new ArgumentException($"backboneLearningRate must be positive, not {backboneRate}.");
        }

        if (training.ProgressiveSize is { } smallSide)
        {
            if (!spec.AnyInputSize)
            {
                throw new ArgumentException(
                    $"progressiveSize needs a model that takes any input size ({string.Join(", ", ModelFactory.KnownModels.Where(m => ModelFactory.Spec(m).AnyInputSize))}); " +
                    $"{spec.Name}'s dense layer is sized for inputSize {training.InputSize}.");
            }

            if (smallSide < 8 || smallSide >= training.InputSize)
            {
                throw new ArgumentException($"progressiveSize must be at least 8 and smaller than inputSize ({training.InputSize}), not {smallSide}.");
            }

            var smallEpochs = ModelTrainer.ProgressiveEpochs(training);
            if (smallEpochs < 1 || smallEpochs >= training.Epochs)
            {
                throw new ArgumentException(
                    $"progressiveEpochs must be at least 1 and fewer than epochs ({training.Epochs}), so the last epochs train at inputSize; not {smallEpochs}.");
            }
        }
        else if (training.ProgressiveEpochs is not null)
        {
            throw new ArgumentException("progressiveEpochs needs progressiveSize (the side of the first epochs).");
        }

        if (training.BackboneCrop is not (> 0 and <= 1))
        {
            throw new ArgumentException($"backboneCrop is a fraction of the input side in (0, 1], not {training.BackboneCrop}.");
        }
    }

    /// <summary>Whether <paramref name="run"/> was trained with <paramref name="training"/>, the device aside.</summary>
    private static async Task<bool> SameOptionsAsync(DatasetWorkspace workspace, TrainingRunRecord run, TrainingOptions training, CancellationToken cancellationToken)
    {
        RunDescription description;
        try
        {
            description = await RunDescription.ReadAsync(Path.Combine(workspace.Root, run.Path), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or DirectoryNotFoundException)
        {
            return false;
        }

        static string Canonical(TrainingOptions options)
        {
            var json = JsonSerializer.SerializeToNode(options, RunDescription.SerializerOptions)!.AsObject();
            json.Remove("device");
            return json.ToJsonString();
        }

        return Canonical(description.Options) == Canonical(training);
    }

    private async Task<StageResult> TrainAsync(
        StageContext context, CatalogueDbContext catalogue, TrainingOptions training, CancellationToken cancellationToken)
    {
        TrainingRunRecord? resumed = null;
        RunDescription? resumedDescription = null;
        TrainingCheckpoint? checkpoint = null;
        VersionRecord? version;
        if (_options.ResumeRunId is { } resumeId)
        {
            resumed = await catalogue.TrainingRuns.FirstOrDefaultAsync(r => r.Id == resumeId, cancellationToken)
                ?? throw new InvalidOperationException($"Run {resumeId} is not in the catalogue; nothing to resume.");
            if (resumed.Status is not (RunStatus.Failed or RunStatus.Running))
            {
                throw new InvalidOperationException($"Run {resumeId} has status {resumed.Status}; only an interrupted (failed) run can be resumed.");
            }

            var resumedFolder = Path.Combine(context.Workspace.Root, resumed.Path);
            resumedDescription = await RunDescription.ReadAsync(resumedFolder, cancellationToken);
            checkpoint = TrainingCheckpoint.Read(resumedFolder)
                ?? throw new InvalidOperationException($"Run {resumeId} finished no epoch ({resumedFolder} has no checkpoint); start a new run instead.");
            training = resumedDescription.Options;
            version = await catalogue.Versions.FirstOrDefaultAsync(v => v.Id == resumed.VersionId, cancellationToken)
                ?? throw new VersionIntegrityException($"Run {resumeId} was trained on version {resumed.VersionId}, which is no longer in the catalogue.");
        }
        else
        {
            version = await FindVersionAsync(catalogue, cancellationToken);
        }

        if (version is null)
        {
            return new StageResult(Stage, "No exported version to train on.", Counts(trained: 0, skipped: 0));
        }

        var model = ModelFactory.KnownModels.First(m => string.Equals(m, training.Model, StringComparison.OrdinalIgnoreCase));
        var finished = await catalogue.TrainingRuns
            .Where(r => r.VersionId == version.Id && r.Model == model && (r.Status == RunStatus.Trained || r.Status == RunStatus.Evaluated))
            .Where(r => !r.Id.StartsWith(RunIds.CrossValidationPrefix))
            .OrderByDescending(r => r.StartedAt)
            .ToListAsync(cancellationToken);
        // A run is the same run only with the same options (the device aside): changing mixupAlpha trains anew.
        TrainingRunRecord? done = null;
        foreach (var run in finished)
        {
            if (await SameOptionsAsync(context.Workspace, run, training, cancellationToken))
            {
                done = run;
                break;
            }
        }

        if (resumed is null && done is not null && !_options.Force)
        {
            return new StageResult(
                Stage,
                $"Version {version.Id} already has a {model} run with these options ({done.Id}, {done.Status}); nothing to do.",
                Counts(trained: 0, skipped: 1));
        }

        if (resumed is null)
        {
            // An interrupted run (Ctrl-C, a kill, a crash) of this version and these options goes on from its last
            // checkpoint instead of starting again; the older interrupted ones of the same kind are removed.
            (resumed, var removed) = await InterruptedRunAsync(context.Workspace, catalogue, version.Id, model, training, cancellationToken);
            if (removed > 0)
            {
                LogMessages.Note(_logger, $"Removed {removed} older interrupted {model} run(s) of version {version.Id} with these options.");
            }

            if (resumed is not null)
            {
                var resumedFolder = Path.Combine(context.Workspace.Root, resumed.Path);
                resumedDescription = await RunDescription.ReadAsync(resumedFolder, cancellationToken);
                checkpoint = TrainingCheckpoint.Read(resumedFolder);
                training = resumedDescription.Options;
                LogMessages.Note(_logger, $"Resuming the interrupted run {resumed.Id} after epoch {checkpoint!.Epoch}.");
            }
        }

        // Verified before anything is recorded: a missing or altered file stops the stage here, naming the file.
        var data = await VersionReader.ReadAsync(context.Workspace, version, cancellationToken);
        if (data.UntrainableReason is { } untrainable)
        {
            // Not a failure of the chain: evaluate and report still do what they can.
            LogMessages.Note(_logger, $"Nothing trained: {untrainable}.");
            return new StageResult(Stage, $"Nothing trained: {untrainable}.", Counts(trained: 0, skipped: 1));
        }

        var trainItems = data.ItemsOf(Split.Train);
        var validationItems = data.ItemsOf(Split.Validation);
        var testCount = data.ItemsOf(Split.Test).Count;
        if (trainItems.Count == 0)
        {
            throw new InvalidOperationException($"Version {version.Id} has no train items.");
        }

        var native = TorchNative.EnsureLoaded();
        LogMessages.NativeState(_logger, native.Reason);

        using var pixels = TensorFile.OpenVersion(context, Stage, data, training.InputSize, cancellationToken);
        var channels = ImageSet.ChannelsOf(data.Items, pixels);
        var train = ImageSet.FromFile(trainItems, pixels, channels);
        var validation = ImageSet.FromFile(validationItems, pixels, channels);
        using var smallPixels = training.ProgressiveSize is { } smallSide
            ? TensorFile.OpenVersion(context, Stage, data, smallSide, cancellationToken)
            : null;
        var smallTrain = smallPixels is null ? null : ImageSet.FromFile(trainItems, smallPixels, channels);

        var device = DeviceSelector.Choose(training.Device, out var deviceNote);
        var deviceName = DeviceSelector.NameOf(device);
        var notes = new List<string>();
        if (deviceNote is not null)
        {
            notes.Add(deviceNote);
        }

        var monitor = "validation";
        if (validation.Count == 0)
        {
            monitor = "train";
            notes.Add($"Version {version.Id} has no validation items: early stopping and best weights follow the train loss.");
        }

        foreach (var note in notes)
        {
            LogMessages.Note(_logger, note);
        }

        var regression = data.IsRegression;
        var values = trainItems.Select(i => i.Value).ToArray();
        var targetMean = regression ? values.Average() : 0;
        var targetScale = regression ? Math.Max(1e-6, Math.Sqrt(values.Select(v => (v - targetMean) * (v - targetMean)).Average())) : 1;
        var initialWeights = InitialWeightsPath(context.Workspace, training);

        var startedAt = context.Time.GetUtcNow();
        var runId = resumed?.Id ?? RunIds.Create(startedAt, version.Id, model, Guid.NewGuid().ToString("N"));
        var relativeFolder = resumed?.Path ?? Path.Combine("runs", runId);
        var folder = Path.Combine(context.Workspace.Root, relativeFolder);
        Directory.CreateDirectory(folder);

        var description = resumedDescription is not null
            ? resumedDescription with { Status = RunStatus.Running, Error = null, Device = deviceName }
            : new RunDescription
            {
                RunId = runId,
                VersionId = version.Id,
                Dataset = context.Dataset.Name,
                Model = model,
                Options = training,
                Device = deviceName,
                Task = regression ? "regression" : "classification",
                TargetMean = targetMean,
                TargetScale = targetScale,
                Classes = data.Classes,
                Channels = channels,
                InputSize = training.InputSize,
                Seed = context.Dataset.Seed,
                TrainCount = train.Count,
                ValidationCount = validation.Count,
                TestCount = testCount,
                Monitor = monitor,
                StartedAt = startedAt.UtcDateTime,
                Status = RunStatus.Running,
                InitialWeights = initialWeights,
                Backbone = await BackboneDescription.ForAsync(training, initialWeights, cancellationToken),
            };
        await description.WriteAsync(folder, cancellationToken);

        var record = resumed ?? new TrainingRunRecord
        {
            Id = runId,
            VersionId = version.Id,
            Model = model,
            Device = deviceName,
            StartedAt = startedAt.UtcDateTime,
            Path = relativeFolder,
            Status = RunStatus.Running,
        };
        record.Status = RunStatus.Running;
        if (resumed is null)
        {
            catalogue.TrainingRuns.Add(record);
        }

        await catalogue.SaveChangesAsync(cancellationToken);
        LogMessages.TrainingStarted(_logger, runId, model, version.Id, train.Count, validation.Count, deviceName);

        var settings = new TrainerSettings(training, description.Seed, folder)
        {
            Regression = regression,
            TargetMean = description.TargetMean,
            TargetScale = description.TargetScale,
            ClassWeights = !regression && training.ClassWeights ? ClassWeightsOf(trainItems, data.Classes.Count) : null,
            Resume = checkpoint,
            ProgressiveTrain = smallTrain,
        };
        TrainingOutcome outcome;
        try
        {
            outcome = Fit(context, settings, runId, description, train, validation, device, initialWeights, cancellationToken);
        }
        catch (Exception e)
        {
            LogMessages.RunFailed(_logger, runId, e.Message);
            record.Status = RunStatus.Failed;
            record.FinishedAt = context.UtcNow;
            await catalogue.SaveChangesAsync(CancellationToken.None);
            var reason = e is OperationCanceledException ? "cancelled" : e.Message;
            await (description with { Status = RunStatus.Failed, Error = reason, FinishedAt = record.FinishedAt })
                .WriteAsync(folder, CancellationToken.None);
            throw;
        }

        var allEpochs = EpochLog.Read(Path.Combine(folder, RunFiles.Epochs));
        await File.WriteAllTextAsync(Path.Combine(folder, RunFiles.LearningCurve), LearningCurvePlot.Render(allEpochs, regression), CancellationToken.None);
        var epochsRun = allEpochs.Count;
        var bestLoss = outcome.BestEpoch > 0 ? outcome.BestLoss : checkpoint?.BestLoss ?? outcome.BestLoss;
        var bestEpoch = outcome.BestEpoch > 0 ? outcome.BestEpoch : checkpoint?.BestEpoch ?? 0;
        if (outcome.EpochsRun > 0)
        {
            var last = TrainingCheckpoint.Read(folder);
            (bestLoss, bestEpoch) = (last?.BestLoss ?? bestLoss, last?.BestEpoch ?? bestEpoch);
        }

        record.Status = RunStatus.Trained;
        record.FinishedAt = context.UtcNow;
        record.EpochsRun = epochsRun;
        record.BestEpoch = bestEpoch;
        record.BestValidationLoss = monitor == "validation" ? bestLoss : null;
        await (description with
        {
            Status = RunStatus.Trained,
            FinishedAt = record.FinishedAt,
            EpochsRun = epochsRun,
            BestEpoch = bestEpoch,
            BestLoss = bestLoss,
            ImagesPerSecond = outcome.ImagesPerSecond,
            DataWaitSeconds = outcome.DataWaitSeconds,
            TrainSeconds = outcome.TrainSeconds,
        }).WriteAsync(folder, CancellationToken.None);
        await catalogue.SaveChangesAsync(CancellationToken.None);

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{(resumed is null ? "Trained" : "Resumed and trained")} {model} on version {version.Id} ({train.Count} train, {validation.Count} validation images, {deviceName}, " +
            $"{description.Task}): {epochsRun} epochs{(outcome.StoppedEarly ? " (stopped early)" : string.Empty)}, best epoch {bestEpoch}, " +
            $"best {monitor} loss {bestLoss:0.0000}, {outcome.ImagesPerSecond:0} images/s, waited {outcome.DataWaitSeconds:0.0} s of {outcome.TrainSeconds:0.0} s for data. Run {runId}.");
        if (notes.Count > 0)
        {
            summary += " " + string.Join(" ", notes);
        }

        return new StageResult(Stage, summary, new Dictionary<string, long>
        {
            ["trained"] = 1,
            ["skipped"] = 0,
            ["epochs"] = epochsRun,
            ["best_epoch"] = bestEpoch,
            ["train_items"] = train.Count,
            ["validation_items"] = validation.Count,
            ["images_per_second"] = (long)Math.Round(outcome.ImagesPerSecond),
        })
        {
            Artifacts = [folder],
        };
    }

    /// <summary>
    /// The full path of <see cref="TrainingOptions.InitialWeights"/> (relative paths are under the workspace), or null
    /// when the run starts without one; a missing file is an error naming it.
    /// </summary>
    public static string? InitialWeightsPath(DatasetWorkspace workspace, TrainingOptions training)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(training);
        if (training.InitialWeights is not { } option)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(workspace.Root, option));
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The initial weights {path} (training.initialWeights) are missing.", path);
    }

    /// <summary>Inverse-frequency weights, N / (K * count), so every class weighs the same in the loss; absent classes weigh 0.</summary>
    public static IReadOnlyList<float> ClassWeightsOf(IReadOnlyList<VersionItem> items, int classes)
    {
        ArgumentNullException.ThrowIfNull(items);
        var counts = new int[classes];
        foreach (var item in items)
        {
            counts[item.ClassIndex]++;
        }

        return [.. counts.Select(c => c == 0 ? 0f : (float)items.Count / (classes * c))];
    }

    private TrainingOutcome Fit(
        StageContext context,
        TrainerSettings settings,
        string runId,
        RunDescription description,
        ImageSet train,
        ImageSet validation,
        torch.Device device,
        string? initialWeights,
        CancellationToken cancellationToken)
    {
        var training = settings.Options;
        torch.manual_seed(settings.Seed);
        var outputs = settings.Regression ? 1 : description.Classes.Count;
        using var network = ModelFactory.Create(training.Model, new ModelShape(description.Channels, training.InputSize, outputs), training);
        if (settings.Resume is not null)
        {
            network.load(Path.Combine(settings.RunFolder, RunFiles.Checkpoint));
        }
        else if (initialWeights is not null)
        {
            WeightsLoader.LoadMatching(network, initialWeights);
        }

        network.to(device);
        using var log = new EpochLog(Path.Combine(settings.RunFolder, RunFiles.Epochs), settings.Regression, settings.Resume?.Epoch ?? 0);
        return ModelTrainer.Fit(
            network,
            train,
            validation,
            settings,
            device,
            context.Time,
            epoch =>
            {
                log.Write(epoch);
                LogMessages.Epoch(_logger, runId, epoch.Epoch, epoch.TrainLoss, epoch.TrainAccuracy, epoch.ValidationLoss, epoch.ValidationAccuracy);
                context.Progress.Report(new StageProgress(Stage, "epochs", epoch.Epoch, training.Epochs, EpochDetail(epoch, training.Epochs, settings.Regression)));
            },
            cancellationToken);
    }

    /// <summary>
    /// The newest interrupted (running or failed) run of <paramref name="versionId"/> and <paramref name="model"/> with
    /// <paramref name="training"/>'s options and a checkpoint to go on from, unless the stage is forced to train anew;
    /// the other interrupted runs of the same kind (and, forced, all of them) are deleted, folder and row, so interrupted
    /// runs do not pile up. Cross-validation folds are never touched.
    /// </summary>
    private async Task<(TrainingRunRecord? Run, int Removed)> InterruptedRunAsync(
        DatasetWorkspace workspace, CatalogueDbContext catalogue, string versionId, string model, TrainingOptions training, CancellationToken cancellationToken)
    {
        var interrupted = await catalogue.TrainingRuns
            .Where(r => r.VersionId == versionId && r.Model == model && (r.Status == RunStatus.Running || r.Status == RunStatus.Failed))
            .Where(r => !r.Id.StartsWith(RunIds.CrossValidationPrefix))
            .OrderByDescending(r => r.StartedAt)
            .ToListAsync(cancellationToken);
        TrainingRunRecord? chosen = null;
        var stale = new List<TrainingRunRecord>();
        foreach (var run in interrupted)
        {
            if (!await SameOptionsAsync(workspace, run, training, cancellationToken))
            {
                continue;
            }

            if (chosen is null && !_options.Force && TrainingCheckpoint.Read(Path.Combine(workspace.Root, run.Path)) is not null)
            {
                chosen = run;
            }
            else
            {
                stale.Add(run);
            }
        }

        foreach (var run in stale)
        {
            var folder = Path.GetFullPath(Path.Combine(workspace.Root, run.Path));
            if (folder.StartsWith(Path.GetFullPath(workspace.RunsDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal) && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            catalogue.TrainingRuns.Remove(run);
        }

        if (stale.Count > 0)
        {
            await catalogue.SaveChangesAsync(cancellationToken);
        }

        return (chosen, stale.Count);
    }

    private async Task<VersionRecord?> FindVersionAsync(CatalogueDbContext catalogue, CancellationToken cancellationToken)
    {
        if (_options.VersionId is { } id)
        {
            return await catalogue.Versions.FirstOrDefaultAsync(v => v.Id == id, cancellationToken)
                ?? throw new InvalidOperationException($"Version {id} is not in the catalogue.");
        }

        return await catalogue.Versions.OrderByDescending(v => v.CreatedAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>An epoch as Keras prints one: <c>epoch 3/30 · train loss 1.2034 accuracy 0.412 · validation loss 1.3001 accuracy 0.350</c>.</summary>
    public static string EpochDetail(EpochRecord epoch, int epochs, bool regression)
    {
        var metric = regression ? "MAE" : "accuracy";
        var text = string.Create(CultureInfo.InvariantCulture, $"epoch {epoch.Epoch}/{epochs} · train loss {epoch.TrainLoss:0.0000} {metric} {epoch.TrainAccuracy:0.000}");
        if (epoch.ValidationLoss is { } validationLoss)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" · validation loss {validationLoss:0.0000}");
            if (epoch.ValidationAccuracy is { } validationMetric)
            {
                text += string.Create(CultureInfo.InvariantCulture, $" {metric} {validationMetric:0.000}");
            }
        }

        return text;
    }

    private static Dictionary<string, long> Counts(long trained, long skipped) => new() { ["trained"] = trained, ["skipped"] = skipped };
}
