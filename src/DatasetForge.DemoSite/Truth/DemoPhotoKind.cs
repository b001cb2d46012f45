namespace DatasetForge.DemoSite.Truth;

/// <summary>What a demo person's photo really is, so tests can count against the truth.</summary>
public enum DemoPhotoKind
{
    /// <summary>A head-and-shoulders crop of a real face.</summary>
    Face,

    /// <summary>A crop of background (wall, window): an image without a face.</summary>
    NoFace,

    /// <summary>The site's grey silhouette placeholder.</summary>
    Placeholder,

    /// <summary>The page lists the person without any image.</summary>
    None,

    /// <summary>The page links an image that the site does not serve (HTTP 404).</summary>
    Missing,

    /// <summary>The image lives on another host (a CDN) outside the department's site.</summary>
    OffSite,
}
