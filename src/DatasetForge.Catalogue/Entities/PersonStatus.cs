namespace DatasetForge.Catalogue.Entities;

/// <summary>Values of <see cref="PersonRecord.Status"/>.</summary>
public static class PersonStatus
{
    /// <summary>Passed curation; goes into the next version.</summary>
    public const string Kept = "kept";

    /// <summary>Dropped by a rule (see <see cref="PersonRecord.StatusRule"/> and the decisions).</summary>
    public const string Rejected = "rejected";
}
