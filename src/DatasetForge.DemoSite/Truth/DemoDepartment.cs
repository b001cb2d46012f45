namespace DatasetForge.DemoSite.Truth;

/// <summary>One department of one (fictional) university on the demo site.</summary>
/// <param name="Source">The source name a manifest gives it, for example <c>nordstadt-informatik</c>.</param>
/// <param name="University">The university's name.</param>
/// <param name="Name">The department's name.</param>
/// <param name="Field">The label: <c>cs</c>, <c>econ</c>, <c>german</c> or <c>mechanical</c>.</param>
/// <param name="Layout">How its staff page is built.</param>
/// <param name="Language">The page language, <c>de</c> or <c>en</c>.</param>
/// <param name="Path">The staff page's path on the site, for example <c>/tu-nordstadt/informatik/team/</c>.</param>
public sealed record DemoDepartment(
    string Source,
    string University,
    string Name,
    string Field,
    DemoLayout Layout,
    string Language,
    string Path)
{
    /// <summary>
    /// How the department's photos are served: <c>plain</c>, or <c>dark-recompressed</c> (darker and recompressed at JPEG
    /// quality 12), the demo's planted difference that an audit should find.
    /// </summary>
    public string Look { get; init; } = "plain";
}
