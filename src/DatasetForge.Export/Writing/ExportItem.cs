using DatasetForge.Core.Pipeline;

namespace DatasetForge.Export.Writing;

/// <summary>One item on its way into a version: where its crop is, where it goes, and the facets it carries.</summary>
internal sealed record ExportItem(
    string ItemId,
    int PersonId,
    int SourceId,
    string Label,
    int Group,
    string CropSha256,
    string CropFile,
    Split Split,
    string File,
    IReadOnlyDictionary<string, string> Facets)
{
    /// <summary>The cross-validation fold, when folds were asked for and the item is not in the test split.</summary>
    public int? Fold { get; init; }
}
