namespace DatasetForge.Curation.Stage;

/// <summary>What the rules need to know about a person.</summary>
internal sealed record PersonFacts(int Id, string? Role, string? Label, string? PhotoUrl, int? PhotoId)
{
    /// <summary>The name, only to tell a shared placeholder (many names) from one person listed twice (one name).</summary>
    public string? Name { get; init; }

    /// <summary>The profile link: two entries with the same one are the same person listed on two pages.</summary>
    public string? ProfileUrl { get; init; }

    /// <summary>
    /// Whether the item comes from a staff page, where a role is expected. Imported datasets (CSV, folders, video,
    /// IDX) have no roles, so the role rules do not apply to them.
    /// </summary>
    public bool IsStaffListing { get; init; } = true;

    /// <summary>
    /// Whether the item comes from a source declared unlabelled (a test set kept for predictions): it is curated and
    /// cropped like any other, kept without a label, and export leaves it out of every version.
    /// </summary>
    public bool IsUnlabelledSource { get; init; }

    /// <summary>Whether the item comes from a precropped source: its image is the face, whatever the face policy says.</summary>
    public bool IsPrecroppedSource { get; init; }

    /// <summary>A reviewer said this person is not the same as the faces their descriptor matched: no identity links.</summary>
    public bool NotSamePerson { get; init; }

    /// <summary>For a video frame: the video it was taken from and its time in seconds (the import's facets).</summary>
    public (string Video, double Seconds)? VideoFrame { get; init; }

    /// <summary>A reviewer's label (<c>forge review --label</c>): used over <see cref="Label"/>, and it resolves a label conflict.</summary>
    public string? ReviewLabel { get; init; }

    /// <summary>Whether a reviewer accepted the person (<c>forge review --accept</c>): that listing's label settles a conflict.</summary>
    public bool ReviewAccepted { get; init; }

    /// <summary>
    /// Scrape's evidence that the person's own source lists them with different labels (two department pages of one
    /// manifest): both labels and their pages, in words; null when the source's listings agree.
    /// </summary>
    public string? ListingConflict { get; init; }

    /// <summary>The label the person is curated and exported with: the reviewer's, else the listed one.</summary>
    public string? EffectiveLabel => ReviewLabel ?? Label;

    /// <summary>Why the person or their photo was taken down, when a takedown matches them.</summary>
    public string? TakedownReason { get; init; }
}
