using System.Globalization;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Training.Data;
using DatasetForge.Training.Models;
using DatasetForge.Training.Native;
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
    private readonly DecodedImageCache _cache;
    private readonly ILogger _logger;

    public TrainStage(TrainStageOptions? options = null, DecodedImageCache? cache = null, ILogger<TrainStage>? logger = null)
    {
        _options = options ?? new TrainStageOptions();
        _cache = cache ?? DecodedImageCache.Shared;
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

    private static void Validate(TrainingOptions training)
    {
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
    }

    private async Task<StageResult> TrainAsync(
        StageContext context, CatalogueDbContext catalogue, TrainingOptions training, CancellationToken cancellationToken)
    {
        var version = await FindVersionAsync(catalogue, cancellationToken);
        if (version is null)
        {
            return new StageResult(Stage, "No exported version to train on.", Counts(trained: 0, skipped: 0));
        }

        var model = ModelFactory.KnownModels.First(m => string.Equals(m, training.Model, StringComparison.OrdinalIgnoreCase));
        var done = await catalogue.TrainingRuns
            .Where(r => r.VersionId == version.Id && r.Model == model && (r.Status == RunStatus.Trained || r.Status == RunStatus.Evaluated))
            .OrderByDescending(r => r.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (done is not null && !_options.Force)
        {
            return new StageResult(
                Stage,
                $"Version {version.Id} already has a {done.Status} {model} run ({done.Id}); nothing to do.",
                Counts(trained: 0, skipped: 1));
        }

        // Verified before anything is recorded: a missing or altered file stops the stage here, naming the file.
        var data = await VersionReader.ReadAsync(context.Workspace, version, cancellationToken);
        var trainItems = data.ItemsOf(Split.Train);
        var validationItems = data.ItemsOf(Split.Validation);
        var testCount = data.ItemsOf(Split.Test).Count;
        if (trainItems.Count == 0)
        {
            throw new InvalidOperationException($"Version {version.Id} has no train items.");
        }

        var native = TorchNative.EnsureLoaded();
        LogMessages.NativeState(_logger, native.Reason);

        context.Progress.Report(new StageProgress(Stage, "decode", 0, trainItems.Count + validationItems.Count));
        var channels = ImageSet.ChannelsOf(data.Items, training.InputSize, _cache);
        var train = ImageSet.Load(trainItems, training.InputSize, channels, _cache, cancellationToken);
        var validation = ImageSet.Load(validationItems, training.InputSize, channels, _cache, cancellationToken);
        context.Progress.Report(new StageProgress(Stage, "decode", trainItems.Count + validationItems.Count, trainItems.Count + validationItems.Count));

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

        var startedAt = context.Time.GetUtcNow();
        var runId = RunIds.Create(startedAt, version.Id, model, Guid.NewGuid().ToString("N"));
        var relativeFolder = Path.Combine("runs", runId);
        var folder = Path.Combine(context.Workspace.Root, relativeFolder);
        Directory.CreateDirectory(folder);

        var description = new RunDescription
        {
            RunId = runId,
            VersionId = version.Id,
            Dataset = context.Dataset.Name,
            Model = model,
            Options = training,
            Device = deviceName,
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
        };
        await description.WriteAsync(folder, cancellationToken);

        var record = new TrainingRunRecord
        {
            Id = runId,
            VersionId = version.Id,
            Model = model,
            Device = deviceName,
            StartedAt = startedAt.UtcDateTime,
            Path = relativeFolder,
            Status = RunStatus.Running,
        };
        catalogue.TrainingRuns.Add(record);
        await catalogue.SaveChangesAsync(cancellationToken);
        LogMessages.TrainingStarted(_logger, runId, model, version.Id, train.Count, validation.Count, deviceName);

        TrainingOutcome outcome;
        try
        {
            outcome = Fit(context, training, runId, folder, channels, data.Classes.Count, train, validation, device, cancellationToken);
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

        record.Status = RunStatus.Trained;
        record.FinishedAt = context.UtcNow;
        record.EpochsRun = outcome.EpochsRun;
        record.BestEpoch = outcome.BestEpoch;
        record.BestValidationLoss = monitor == "validation" ? outcome.BestLoss : null;
        await (description with
        {
            Status = RunStatus.Trained,
            FinishedAt = record.FinishedAt,
            EpochsRun = outcome.EpochsRun,
            BestEpoch = outcome.BestEpoch,
            BestLoss = outcome.BestLoss,
            ImagesPerSecond = outcome.ImagesPerSecond,
        }).WriteAsync(folder, CancellationToken.None);
        await catalogue.SaveChangesAsync(CancellationToken.None);

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"Trained {model} on version {version.Id} ({train.Count} train, {validation.Count} validation images, {deviceName}): " +
            $"{outcome.EpochsRun} epochs{(outcome.StoppedEarly ? " (stopped early)" : string.Empty)}, best epoch {outcome.BestEpoch}, " +
            $"best {monitor} loss {outcome.BestLoss:0.0000}, {outcome.ImagesPerSecond:0} images/s. Run {runId}.");
        if (notes.Count > 0)
        {
            summary += " " + string.Join(" ", notes);
        }

        return new StageResult(Stage, summary, new Dictionary<string, long>
        {
            ["trained"] = 1,
            ["skipped"] = 0,
            ["epochs"] = outcome.EpochsRun,
            ["best_epoch"] = outcome.BestEpoch,
            ["train_items"] = train.Count,
            ["validation_items"] = validation.Count,
            ["images_per_second"] = (long)Math.Round(outcome.ImagesPerSecond),
        })
        {
            Artifacts = [folder],
        };
    }

    private TrainingOutcome Fit(
        StageContext context,
        TrainingOptions training,
        string runId,
        string folder,
        int channels,
        int classes,
        ImageSet train,
        ImageSet validation,
        torch.Device device,
        CancellationToken cancellationToken)
    {
        torch.manual_seed(context.Dataset.Seed);
        using var network = ModelFactory.Create(training.Model, new ModelShape(channels, training.InputSize, classes));
        network.to(device);
        using var log = new EpochLog(Path.Combine(folder, RunFiles.Epochs));
        return ModelTrainer.Fit(
            network,
            train,
            validation,
            training,
            device,
            context.Dataset.Seed,
            Path.Combine(folder, RunFiles.Weights),
            context.Time,
            epoch =>
            {
                log.Write(epoch);
                LogMessages.Epoch(_logger, runId, epoch.Epoch, epoch.TrainLoss, epoch.TrainAccuracy, epoch.ValidationLoss, epoch.ValidationAccuracy);
                var loss = epoch.ValidationLoss ?? epoch.TrainLoss;
                context.Progress.Report(new StageProgress(
                    Stage, string.Create(CultureInfo.InvariantCulture, $"epoch {epoch.Epoch}: loss {loss:0.0000}"), epoch.Epoch, training.Epochs));
            },
            cancellationToken);
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

    private static Dictionary<string, long> Counts(long trained, long skipped) => new() { ["trained"] = trained, ["skipped"] = skipped };
}
