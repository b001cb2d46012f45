namespace DatasetForge.Catalogue.Entities;

/// <summary>Values of <see cref="ItemRecord.Kind"/>.</summary>
public static class ItemKinds
{
    /// <summary>A person listed on a staff page (a web source).</summary>
    public const string Person = "person";

    /// <summary>An imported image (folder, CSV or file-name source).</summary>
    public const string Image = "image";

    /// <summary>A frame sampled from a video.</summary>
    public const string VideoFrame = "video-frame";

    /// <summary>One image of an IDX file.</summary>
    public const string IdxItem = "idx-item";

    /// <summary>The kind of the items a source of <paramref name="sourceKind"/> (web, csv, folder, …) yields.</summary>
    public static string ForSource(string sourceKind) => sourceKind switch
    {
        "web" => Person,
        "video" => VideoFrame,
        "idx" => IdxItem,
        _ => Image,
    };
}
