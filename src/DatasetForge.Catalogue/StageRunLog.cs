using System.Text.Json;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Catalogue;

/// <summary>Keeps the history of stage runs: a row when a stage starts, completed when it ends.</summary>
public static class StageRunLog
{
    public static async Task<StageRunRecord> StartAsync(
        this CatalogueDbContext catalogue, PipelineStage stage, DateTime now, CancellationToken cancellationToken = default)
    {
        var run = new StageRunRecord { Stage = DecisionLog.StageName(stage), StartedAt = now, Status = "running" };
        catalogue.StageRuns.Add(run);
        await catalogue.SaveChangesAsync(cancellationToken);
        return run;
    }

    public static async Task CompleteAsync(
        this CatalogueDbContext catalogue, StageRunRecord run, StageResult result, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(result);
        Track(catalogue, run);
        run.FinishedAt = now;
        run.Status = "succeeded";
        run.Summary = result.Summary;
        run.CountsJson = JsonSerializer.Serialize(result.Counts);
        await catalogue.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Closes a run that ended with <paramref name="error"/>: "cancelled" for a cancellation, "failed" otherwise.
    /// Saved without the caller's token: the outcome is worth recording precisely when the caller cancelled.
    /// </summary>
    public static async Task FailAsync(this CatalogueDbContext catalogue, StageRunRecord run, Exception error, DateTime now, string? summary = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(error);
        Track(catalogue, run);
        run.FinishedAt = now;
        run.Status = error is OperationCanceledException ? "cancelled" : "failed";
        run.Summary = summary ?? error.Message;
        await catalogue.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The summary of a run closed by <see cref="CloseInterruptedAsync"/>.</summary>
    public const string InterruptedSummary =
        "interrupted: the process running it stopped (crash, kill or power loss) before the stage finished; closed by the next run, which redoes what was left";

    /// <summary>
    /// Closes as <c>interrupted</c> the stage runs left <c>running</c>, and marks <c>failed</c> the training runs left
    /// <c>running</c> (training resumes them from their last checkpoint). Call it only while holding the dataset's lease:
    /// then nothing else can be running them. Returns how many stage and training runs it closed.
    /// </summary>
    public static async Task<(int StageRuns, int TrainingRuns)> CloseInterruptedAsync(
        this CatalogueDbContext catalogue, DateTime now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var stageRuns = await catalogue.StageRuns
            .Where(r => r.Status == "running")
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, "interrupted").SetProperty(r => r.FinishedAt, now).SetProperty(r => r.Summary, InterruptedSummary), cancellationToken);
        var trainingRuns = await catalogue.TrainingRuns
            .Where(r => r.Status == "running")
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, "failed").SetProperty(r => r.FinishedAt, now), cancellationToken);
        return (stageRuns, trainingRuns);
    }

    // A stage that writes in batches clears the change tracker after each one; its run row is attached again here.
    private static void Track(CatalogueDbContext catalogue, StageRunRecord run)
    {
        if (catalogue.Entry(run).State == EntityState.Detached)
        {
            catalogue.StageRuns.Attach(run);
        }
    }
}
