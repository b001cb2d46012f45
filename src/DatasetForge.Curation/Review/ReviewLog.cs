using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Curation.Review;

/// <summary>
/// A reviewer's accept or reject of a person (<c>forge review</c>): a decision of stage <see cref="StageName"/> and rule
/// <see cref="Rules.Review"/> that overrides curation's outcome. Curation never rewrites it, so it survives re-runs;
/// a new review of the same person replaces the old one.
/// </summary>
public static class ReviewLog
{
    /// <summary>The stage name review decisions are stored under.</summary>
    public const string StageName = ReviewLabels.Stage;

    /// <summary>Records the reviewer's verdict and applies it to the person's status at once (no curate run needed).</summary>
    /// <exception cref="ArgumentException">No such person, or an empty reason.</exception>
    public static async Task<ItemRecord> RecordAsync(
        CatalogueDbContext catalogue, int personId, bool accept, string reason, DateTime now, CancellationToken cancellationToken = default)
    {
        var (person, existing) = await DecisionOfAsync(catalogue, personId, Rules.Review, reason, cancellationToken);
        existing.Outcome = (accept ? DecisionOutcome.Kept : DecisionOutcome.Rejected).ToString();
        existing.Reason = reason.Trim();
        existing.DecidedAt = now;
        if (person.Status is not null)
        {
            (person.Status, person.StatusRule) = StatusOf(existing);
        }

        await catalogue.SaveChangesAsync(cancellationToken);
        return person;
    }

    /// <summary>The review decision of every reviewed person, by person id.</summary>
    public static async Task<Dictionary<int, DecisionRecord>> LoadAsync(CatalogueDbContext catalogue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return await catalogue.Decisions.AsNoTracking()
            .Where(d => d.Stage == StageName && d.SubjectKind == SubjectKinds.Person && d.Rule == Rules.Review)
            .ToDictionaryAsync(d => d.SubjectId, cancellationToken);
    }

    /// <summary>
    /// Records a reviewer's word that <paramref name="personId"/> is not the same person as the faces their descriptor
    /// matched (<c>forge review --not-same</c>): the next curate run takes them out of that identity group. The person's
    /// status is not touched.
    /// </summary>
    /// <exception cref="ArgumentException">No such person, or an empty reason.</exception>
    public static async Task<ItemRecord> RecordNotSameAsync(
        CatalogueDbContext catalogue, int personId, string reason, DateTime now, CancellationToken cancellationToken = default)
    {
        var (person, existing) = await DecisionOfAsync(catalogue, personId, Rules.NotSamePerson, reason, cancellationToken);
        existing.Outcome = nameof(DecisionOutcome.Flagged);
        existing.Reason = reason.Trim();
        existing.DecidedAt = now;
        await catalogue.SaveChangesAsync(cancellationToken);
        return person;
    }

    /// <summary>
    /// Records a reviewer's label for <paramref name="personId"/> (<c>forge review --label</c>), replacing an earlier one: it
    /// resolves a label conflict (one person listed with different labels) and is the label curate, export and the report
    /// use from now on, whatever the source lists. The next curate run applies it (the person's status is not touched here).
    /// </summary>
    /// <exception cref="ArgumentException">No such person, an empty label, or an empty reason.</exception>
    public static async Task<ItemRecord> RecordLabelAsync(
        CatalogueDbContext catalogue, int personId, string label, string reason, DateTime now, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            throw new ArgumentException("--label needs the item id and a non-empty label, as in --label 42 econ.", nameof(label));
        }

        var (person, existing) = await DecisionOfAsync(catalogue, personId, Rules.ReviewLabel, reason, cancellationToken);
        existing.Outcome = nameof(DecisionOutcome.Flagged);
        existing.Reason = ReviewLabels.Encode(label, reason);
        existing.DecidedAt = now;
        await catalogue.SaveChangesAsync(cancellationToken);
        return person;
    }

    /// <summary>The person and their review decision by <paramref name="rule"/> (a new, tracked one when there is none yet).</summary>
    private static async Task<(ItemRecord Person, DecisionRecord Decision)> DecisionOfAsync(
        CatalogueDbContext catalogue, int personId, string rule, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A review needs a reason (--reason \"…\"): it is what the next reviewer reads.", nameof(reason));
        }

        var person = await catalogue.Items.FirstOrDefaultAsync(p => p.Id == personId, cancellationToken)
            ?? throw new ArgumentException($"There is no person #{personId} in the catalogue (forgotten, or never scraped).", nameof(personId));
        var decision = await catalogue.Decisions.FirstOrDefaultAsync(
            d => d.Stage == StageName && d.SubjectKind == SubjectKinds.Person && d.SubjectId == personId && d.Rule == rule,
            cancellationToken);
        if (decision is null)
        {
            decision = new DecisionRecord
            {
                Stage = StageName,
                SubjectKind = SubjectKinds.Person,
                SubjectId = personId,
                Rule = rule,
                Outcome = string.Empty,
                Reason = string.Empty,
            };
            catalogue.Decisions.Add(decision);
        }

        return (person, decision);
    }

    /// <summary>The persons a reviewer took out of identity groups (<see cref="RecordNotSameAsync"/>).</summary>
    public static async Task<HashSet<int>> LoadNotSameAsync(CatalogueDbContext catalogue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        return [.. await catalogue.Decisions.AsNoTracking()
            .Where(d => d.Stage == StageName && d.SubjectKind == SubjectKinds.Person && d.Rule == Rules.NotSamePerson)
            .Select(d => d.SubjectId)
            .ToListAsync(cancellationToken)];
    }

    /// <summary>The person status a review decision sets: kept, or rejected by rule <see cref="Rules.Review"/>.</summary>
    public static (string Status, string? StatusRule) StatusOf(DecisionRecord review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return review.Outcome == nameof(DecisionOutcome.Kept) ? (ItemStatus.Kept, null) : (ItemStatus.Rejected, Rules.Review);
    }

    /// <summary>
    /// The decisions about persons (every stage, reviews included), newest stage first per person, filtered by rule
    /// and by the person's current status.
    /// </summary>
    public static async Task<IReadOnlyList<ReviewEntry>> ListAsync(
        CatalogueDbContext catalogue, string? rule = null, string? status = null, int limit = 500, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var decisions = catalogue.Decisions.AsNoTracking().Where(d => d.SubjectKind == SubjectKinds.Person);
        if (!string.IsNullOrWhiteSpace(rule))
        {
            decisions = decisions.Where(d => d.Rule == rule);
        }

        var query =
            from d in decisions
            join p in catalogue.Items.AsNoTracking() on d.SubjectId equals p.Id
            select new { Decision = d, Person = p };
        if (!string.IsNullOrWhiteSpace(status))
        {
            query = query.Where(x => x.Person.Status == status);
        }

        var rows = await query
            .OrderBy(x => x.Person.Id)
            .ThenBy(x => x.Decision.Stage)
            .ThenBy(x => x.Decision.Rule)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(x => new ReviewEntry(
            x.Person.Id, x.Person.Name, x.Person.Status, x.Person.StatusRule,
            x.Decision.Stage, x.Decision.Rule, x.Decision.Outcome, x.Decision.Reason, x.Decision.Score))];
    }
}
