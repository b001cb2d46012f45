using System.Globalization;
using System.Text.Json;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;
using DatasetForge.Training.Data;
using DatasetForge.Training.Evaluation;
using DatasetForge.Training.Prediction;
using DatasetForge.Training.Runs;
using DatasetForge.Training.Stages;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Training.Ensembles;

/// <summary>
/// Evaluates an ensemble of trained classification runs of one version on its test split (validation when the version
/// has no test items): each run predicts with its own input size and channels, the answers are combined by
/// <see cref="EnsembleVote"/>, and the result is measured like a single run and written to
/// <c>ensembles/&lt;id&gt;/ensemble.json</c>.
/// </summary>
public static class EnsembleEvaluator
{
    /// <summary>The folder of the workspace that holds ensemble results.</summary>
    public const string Folder = "ensembles";

    /// <summary>
    /// Evaluates <paramref name="runIds"/> (two or more, all trained on the same version). With
    /// <see cref="EnsembleVoting.Weighted"/> and no <paramref name="weights"/>, each run weighs its validation accuracy
    /// at its best epoch.
    /// </summary>
    public static async Task<EnsembleResult> EvaluateAsync(
        DatasetWorkspace workspace,
        IReadOnlyList<string> runIds,
        EnsembleVoting voting,
        IReadOnlyList<double>? weights = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(runIds);
        if (runIds.Count < 2 || runIds.Distinct(StringComparer.Ordinal).Count() != runIds.Count)
        {
            throw new ArgumentException($"An ensemble needs two or more different runs; got [{string.Join(", ", runIds)}].", nameof(runIds));
        }

        if (weights is not null && weights.Count != runIds.Count)
        {
            throw new ArgumentException($"Give one weight per run: {runIds.Count} runs, {weights.Count} weights.", nameof(weights));
        }

        var runs = new List<(string Folder, RunDescription Description)>();
        foreach (var runId in runIds)
        {
            var (_, folder) = await RunLocator.FindAsync(workspace, runId, cancellationToken);
            var description = await RunDescription.ReadAsync(folder, cancellationToken);
            if (description.Task != "classification")
            {
                throw new ArgumentException($"Run {runId} is a {description.Task} run; ensembles vote over classification runs.", nameof(runIds));
            }

            runs.Add((folder, description));
        }

        var first = runs[0].Description;
        foreach (var (_, other) in runs.Skip(1))
        {
            if (other.VersionId != first.VersionId || !other.Classes.SequenceEqual(first.Classes, StringComparer.Ordinal))
            {
                throw new ArgumentException(
                    $"Runs {first.RunId} (version {first.VersionId}) and {other.RunId} (version {other.VersionId}) were not trained on the same version and classes; " +
                    "an ensemble votes over runs of one version.",
                    nameof(runIds));
            }
        }

        var resolvedWeights = voting == EnsembleVoting.Majority
            ? [.. runs.Select(_ => 1.0)]
            : weights ?? [.. runs.Select(r => ValidationAccuracy(r.Folder, r.Description))];

        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, cancellationToken);
        var version = await catalogue.Versions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == first.VersionId, cancellationToken)
            ?? throw new VersionIntegrityException($"The runs were trained on version {first.VersionId}, which is no longer in the catalogue.");
        var data = await VersionReader.ReadAsync(workspace, version, cancellationToken);
        var split = data.ItemsOf(Split.Test).Count > 0 ? Split.Test : Split.Validation;
        var items = data.ItemsOf(split);
        if (items.Count == 0)
        {
            throw new InvalidOperationException($"Version {version.Id} has neither test nor validation items to evaluate the ensemble on.");
        }

        var actual = items.Select(i => i.ClassIndex).ToArray();
        var probabilities = new List<float[][]>();
        var accuracies = new List<double>();
        foreach (var (folder, description) in runs)
        {
            using var predictor = await Predictor.LoadAsync(folder, cancellationToken);
            using var pixels = TensorFile.OpenVersion(workspace, data, description.InputSize, cancellationToken: cancellationToken);
            var inputs = items.Select(i => new PredictionInput(i.Id, pixels.Read(i))).ToList();
            var rows = predictor.Predict(inputs, cancellationToken).Select(p => p.Probabilities.ToArray()).ToArray();
            probabilities.Add(rows);
            accuracies.Add(rows.Where((row, i) => ModelTrainer.ArgMax(row) == actual[i]).Count() / (double)items.Count);
        }

        var predicted = EnsembleVote.Combine(probabilities, resolvedWeights);
        // The id names the runs and their weights, not their order: the same ensemble lands in the same folder.
        var members = runIds.Select((r, i) => string.Create(CultureInfo.InvariantCulture, $"{r}={resolvedWeights[i]:R}")).Order(StringComparer.Ordinal);
        var id = "ens-" + ContentHash.OfText(voting + "|" + string.Join("|", members))[..12];
        var metrics = MetricsCalculator.Compute(id, version.Id, VersionManifest.SplitName(split), data.Classes, actual, predicted);
        var folderOut = Path.Combine(workspace.Root, Folder, id);
        var path = Path.Combine(folderOut, "ensemble.json");
        var result = new EnsembleResult
        {
            Id = id,
            Voting = voting,
            RunIds = [.. runIds],
            Weights = resolvedWeights,
            RunAccuracies = accuracies,
            Metrics = metrics,
            Path = path,
        };
        Directory.CreateDirectory(folderOut);
        await AtomicFile.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(result, EvaluateStage.MetricsSerializerOptions), cancellationToken);
        return result;
    }

    /// <summary>The validation accuracy of a run at its best epoch (its weight in weighted voting); an error when it has none.</summary>
    public static double ValidationAccuracy(string folder, RunDescription description)
    {
        var epochs = EpochLog.Read(Path.Combine(folder, RunFiles.Epochs));
        var best = epochs.FirstOrDefault(e => e.Epoch == description.BestEpoch) ?? (epochs.Count > 0 ? epochs[^1] : null);
        return best?.ValidationAccuracy
            ?? throw new InvalidOperationException(
                $"Run {description.RunId} has no validation accuracy to weigh its vote by (its version has no validation split); give the weights.");
    }
}
