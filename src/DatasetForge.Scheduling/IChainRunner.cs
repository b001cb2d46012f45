namespace DatasetForge.Scheduling;

/// <summary>Runs one dataset's whole chain (scrape, curate, export, train, evaluate, report); implemented by the CLI.</summary>
public interface IChainRunner
{
    /// <summary>Runs the chain of <paramref name="dataset"/> once. Cancelling the token asks the chain to stop early.</summary>
    Task RunAsync(string dataset, CancellationToken cancellationToken = default);
}
