using System.Text.Json;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;

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

    // A stage that writes in batches clears the change tracker after each one; its run row is attached again here.
    private static void Track(CatalogueDbContext catalogue, StageRunRecord run)
    {
        if (catalogue.Entry(run).State == Microsoft.EntityFrameworkCore.EntityState.Detached)
        {
            catalogue.StageRuns.Attach(run);
        }
    }
}
