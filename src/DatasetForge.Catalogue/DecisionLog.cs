using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Catalogue;

/// <summary>Records decisions so that re-running a stage replaces, never duplicates, what it decided before.</summary>
public static class DecisionLog
{
    /// <summary>
    /// Replaces every decision <paramref name="stage"/> made about one subject with <paramref name="decisions"/>.
    /// Changes are tracked on the context; the caller saves (in batches).
    /// </summary>
    public static async Task ReplaceAsync(
        this CatalogueDbContext catalogue,
        PipelineStage stage,
        string subjectKind,
        int subjectId,
        IEnumerable<Decision> decisions,
        DateTime decidedAt,
        CancellationToken cancellationToken = default)
    {
        var stageName = StageName(stage);
        var existing = await catalogue.Decisions
            .Where(d => d.Stage == stageName && d.SubjectKind == subjectKind && d.SubjectId == subjectId)
            .ToListAsync(cancellationToken);
        var byRule = existing.ToDictionary(d => d.Rule);
        foreach (var decision in decisions)
        {
            if (byRule.Remove(decision.Rule, out var record))
            {
                record.Outcome = decision.Outcome.ToString();
                record.Reason = decision.Reason;
                record.Score = decision.Score;
                record.DecidedAt = decidedAt;
            }
            else
            {
                catalogue.Decisions.Add(new DecisionRecord
                {
                    Stage = stageName,
                    SubjectKind = subjectKind,
                    SubjectId = subjectId,
                    Rule = decision.Rule,
                    Outcome = decision.Outcome.ToString(),
                    Reason = decision.Reason,
                    Score = decision.Score,
                    DecidedAt = decidedAt,
                });
            }
        }

        catalogue.Decisions.RemoveRange(byRule.Values);
    }

    /// <summary>The stage's name as stored in the catalogue (lower case).</summary>
    public static string StageName(PipelineStage stage) => stage.ToString().ToLowerInvariant();
}

/// <summary>A decision before it is stored.</summary>
public sealed record Decision(string Rule, DecisionOutcome Outcome, string Reason, double? Score = null);
