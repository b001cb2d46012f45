using DatasetForge.Catalogue;

namespace DatasetForge.Curation.Stage;

/// <summary>The curation outcome for one person: status, deciding rule, duplicate group and every decision.</summary>
internal sealed record PersonVerdict(int PersonId, string Status, string? StatusRule, int GroupId, IReadOnlyList<Decision> Decisions);
