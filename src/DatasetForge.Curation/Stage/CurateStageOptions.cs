namespace DatasetForge.Curation.Stage;

/// <summary>What <see cref="CurateStage"/> does beyond the dataset's <c>CurationOptions</c>.</summary>
public sealed class CurateStageOptions
{
    /// <summary>
    /// Detect, crop and analyse every photo again, even those whose crop was made with today's settings
    /// (<c>forge curate --force</c>). Default false: only new photos and those whose settings changed.
    /// </summary>
    public bool Force { get; init; }
}
