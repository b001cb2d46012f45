namespace DatasetForge.Curation.Filters;

/// <summary>What a person's role says about them.</summary>
public enum RoleCategory
{
    /// <summary>The role names an academic position (it may also name a non-academic one: academic wins).</summary>
    Academic,

    /// <summary>The role names a non-academic job only.</summary>
    NonAcademic,

    /// <summary>The role matches neither list.</summary>
    Unknown,

    /// <summary>No role was given.</summary>
    Missing,
}
