namespace DatasetForge.Catalogue.Entities;

/// <summary>Values of <see cref="ItemRecord.Status"/>.</summary>
public static class ItemStatus
{
    /// <summary>Passed curation; goes into the next version.</summary>
    public const string Kept = "kept";

    /// <summary>Dropped by a rule (see <see cref="ItemRecord.StatusRule"/> and the decisions).</summary>
    public const string Rejected = "rejected";
}
