using DatasetForge.Core.Pipeline;

namespace DatasetForge.Export.Writing;

/// <summary>One item on its way into a version: where its crop is, and where it goes.</summary>
internal sealed record ExportItem(
    string ItemId,
    int PersonId,
    int SourceId,
    string Label,
    int Group,
    string CropSha256,
    string CropFile,
    Split Split,
    string File);
