using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Workspace;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Training.Runs;

/// <summary>Finds a finished training run of a workspace: a named one, or the newest trained or evaluated one.</summary>
public static class RunLocator
{
    /// <summary>
    /// The run <paramref name="runId"/> (or, when null, the newest finished run) and its absolute folder. Throws
    /// <see cref="InvalidOperationException"/> naming the run when it is unknown or not finished. The newest run is never a
    /// cross-validation fold's (name one with its id to use it).
    /// </summary>
    public static async Task<(TrainingRunRecord Run, string Folder)> FindAsync(
        DatasetWorkspace workspace, string? runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, cancellationToken);
        TrainingRunRecord? run;
        if (runId is not null)
        {
            run = await catalogue.TrainingRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken)
                ?? throw new InvalidOperationException($"Run {runId} is not in the catalogue of {workspace.Root}.");
            if (run.Status is not (RunStatus.Trained or RunStatus.Evaluated))
            {
                throw new InvalidOperationException($"Run {runId} has status {run.Status}; only a trained run has weights to use.");
            }
        }
        else
        {
            run = await catalogue.TrainingRuns.AsNoTracking()
                .Where(r => r.Status == RunStatus.Trained || r.Status == RunStatus.Evaluated)
                .Where(r => !r.Id.StartsWith(RunIds.CrossValidationPrefix))
                .OrderByDescending(r => r.StartedAt)
                .FirstOrDefaultAsync(cancellationToken)
                ?? throw new InvalidOperationException($"The dataset in {workspace.Root} has no trained run yet; run 'forge train' first.");
        }

        return (run, Path.Combine(workspace.Root, run.Path));
    }
}
