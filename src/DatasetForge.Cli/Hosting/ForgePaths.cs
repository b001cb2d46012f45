using DatasetForge.Core.Definitions;
using DatasetForge.Core.Workspace;
using DatasetForge.Manifests;

namespace DatasetForge.Cli.Hosting;

/// <summary>
/// Where forge finds manifests and profiles and where it writes datasets. Defaults are relative to the current folder.
/// <paramref name="Catalogue"/> is the <c>--catalogue</c> option (else <c>DATASETFORGE_CATALOGUE</c>): when set it wins over
/// each dataset's own <c>catalogue:</c>.
/// </summary>
public sealed record ForgePaths(string Manifests, string Scrapers, string Workspace, string? Catalogue = null)
{
    /// <summary>manifests/, scrapers/ and datasets/ in the current folder (the repository root in the README's commands).</summary>
    public static ForgePaths Default { get; } = new("manifests", "scrapers", "datasets");

    /// <summary>The manifest folder of one dataset.</summary>
    public string DatasetManifests(string dataset) => Path.Combine(Manifests, dataset);

    /// <summary>The folders and catalogue of a loaded dataset.</summary>
    public DatasetWorkspace WorkspaceOf(DatasetDefinition dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new DatasetWorkspace(Workspace, dataset.Name) { Catalogue = Catalogue ?? dataset.Catalogue };
    }

    /// <summary>The folders and catalogue of a dataset known by name (its dataset.yaml, if any, may name the catalogue).</summary>
    public DatasetWorkspace WorkspaceOf(string dataset) =>
        new(Workspace, dataset) { Catalogue = Catalogue ?? new ManifestLoader().ReadCatalogueSetting(DatasetManifests(dataset)) };
}
