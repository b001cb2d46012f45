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
        Replace(catalogue, stageName, subjectKind, subjectId, existing, decisions, decidedAt, record => catalogue.Decisions.Add(record));
    }

    /// <summary>
    /// <see cref="ReplaceAsync"/> for many subjects with one query: what a stage writes in batches (a curate batch of
    /// photos, every person's verdict) would otherwise cost one query per subject, which was most of curate's time on
    /// small precropped images. New decisions are inserted at once, untracked (<see cref="UntrackedInserts"/>), so the
    /// caller holds a transaction that its save commits with them; changed and removed ones are tracked for that save.
    /// </summary>
    public static async Task ReplaceManyAsync(
        this CatalogueDbContext catalogue,
        PipelineStage stage,
        string subjectKind,
        IReadOnlyCollection<KeyValuePair<int, IReadOnlyList<Decision>>> subjects,
        DateTime decidedAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        if (subjects.Count == 0)
        {
            return;
        }

        var stageName = StageName(stage);
        var ids = subjects.Select(s => s.Key).ToList();
        var existing = (await catalogue.Decisions
                .Where(d => d.Stage == stageName && d.SubjectKind == subjectKind && ids.Contains(d.SubjectId))
                .ToListAsync(cancellationToken))
            .ToLookup(d => d.SubjectId);
        var added = new List<DecisionRecord>();
        foreach (var (subjectId, decisions) in subjects)
        {
            Replace(catalogue, stageName, subjectKind, subjectId, existing[subjectId], decisions, decidedAt, added.Add);
        }

        await catalogue.InsertUntrackedAsync(added, cancellationToken);
    }

    private static void Replace(
        CatalogueDbContext catalogue,
        string stageName,
        string subjectKind,
        int subjectId,
        IEnumerable<DecisionRecord> existing,
        IEnumerable<Decision> decisions,
        DateTime decidedAt,
        Action<DecisionRecord> add)
    {
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
                add(new DecisionRecord
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
