namespace DatasetForge.Curation.Filters;

/// <summary>The outcome of <see cref="RoleClassifier.Classify"/>: the category and the list entries that matched.</summary>
public sealed record RoleClassification(RoleCategory Category, string? AcademicMatch, string? NonAcademicMatch)
{
    /// <summary>The entry that decided the category, if any.</summary>
    public string? Match => Category switch
    {
        RoleCategory.Academic => AcademicMatch,
        RoleCategory.NonAcademic => NonAcademicMatch,
        _ => null,
    };
}
