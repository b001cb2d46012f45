namespace DatasetForge.Reporting.Model;

/// <summary>
/// Persons of one estimated group (a gender or an age band, of <paramref name="Estimate"/>) at each step after the
/// estimate: with an estimate (listed, not vanished), not rejected by a quality rule (photo, face and crop rules), not
/// rejected by the role rules either, kept by curation, and exported in the newest version.
/// </summary>
public sealed record EstimateFunnel(string Estimate, string Group, int Estimated, int PassedQuality, int PassedRole, int Kept, int Exported);
