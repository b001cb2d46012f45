namespace DatasetForge.Export.Facets;

/// <summary>
/// Sorts a free-text role (German or English) into a few coarse categories, so the audit can compare professors with
/// doctoral researchers without ever exporting the role text itself.
/// </summary>
public static class RoleCategories
{
    public const string Professor = "professor";
    public const string Postdoc = "postdoc";
    public const string Doctoral = "doctoral";
    public const string Lecturer = "lecturer";
    public const string Researcher = "researcher";
    public const string Other = "other";
    public const string Unknown = "unknown";

    // Order matters: "Juniorprofessor" is a professor, "Postdoktorand" is a postdoc before it is a "Doktorand".
    private static readonly (string Category, string[] Words)[] Rules =
    [
        (Postdoc, ["postdoc", "post-doc", "postdoktorand", "habilitand"]),
        (Professor, ["professor", "prof.", "lehrstuhlinhaber", "chair"]),
        (Doctoral, ["doktorand", "phd", "doctoral", "promovend", "ph.d"]),
        (Lecturer, ["lecturer", "dozent", "lehrkraft", "lektor", "teaching"]),
        (Researcher, ["research", "wissenschaftlich", "scientist", "fellow", "mitarbeiter"]),
    ];

    /// <summary>The category of <paramref name="role"/>: <see cref="Unknown"/> when there is no role text.</summary>
    public static string Of(string? role)
    {
        if (string.IsNullOrWhiteSpace(role))
        {
            return Unknown;
        }

        foreach (var (category, words) in Rules)
        {
            if (words.Any(w => role.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                return category;
            }
        }

        return Other;
    }
}
