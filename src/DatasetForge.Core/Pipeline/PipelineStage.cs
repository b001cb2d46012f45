namespace DatasetForge.Core.Pipeline;

/// <summary>The stages of the chain, in the order <see cref="PipelineRunner"/> runs them.</summary>
public enum PipelineStage
{
    Scrape,

    /// <summary>Imports existing datasets (CSV + folder, folder per class, labels in file names, video, IDX).</summary>
    Import,
    Curate,
    Export,
    Train,
    Evaluate,
    Report,
}
