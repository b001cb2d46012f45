namespace DatasetForge.Core.Pipeline;

/// <summary>The stages of the chain, in the order <see cref="PipelineRunner"/> runs them.</summary>
public enum PipelineStage
{
    Scrape,
    Curate,
    Export,
    Train,
    Evaluate,
    Report,
}
