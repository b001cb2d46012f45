using DatasetForge.Core.Pipeline;
using DatasetForge.Curation.Stage;
using DatasetForge.Export;
using DatasetForge.Reporting;
using DatasetForge.Scraping;
using DatasetForge.Sources;
using DatasetForge.Training.Stages;
using Microsoft.Extensions.Logging;

namespace DatasetForge.Cli.Hosting;

/// <summary>Builds the stages of the chain; disposing the set releases what they hold (the scraper's HTTP client).</summary>
public sealed class StageFactory : IDisposable
{
    private readonly List<IPipelineStage> _stages;

    private StageFactory(List<IPipelineStage> stages) => _stages = stages;

    /// <summary>The stages, one per <see cref="PipelineStage"/>.</summary>
    public IReadOnlyList<IPipelineStage> Stages => _stages;

    /// <remarks>Per-source politeness (delay, concurrency) comes from each manifest; the demo's set no delay.</remarks>
    public static StageFactory Create(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return new StageFactory(
        [
            new ScrapeStage(new ScrapeOptions(), handler: null, loggerFactory.CreateLogger<ScrapeStage>()),
            new ImportStage(logger: loggerFactory.CreateLogger<ImportStage>()),
            new CurateStage(loggerFactory.CreateLogger<CurateStage>()),
            new ExportStage(),
            new TrainStage(logger: loggerFactory.CreateLogger<TrainStage>()),
            new EvaluateStage(logger: loggerFactory.CreateLogger<EvaluateStage>()),
            new ReportStage(),
        ]);
    }

    /// <summary>The scrape stage alone (a cluster's source job needs no other).</summary>
    public static StageFactory CreateScrape(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return new StageFactory([new ScrapeStage(new ScrapeOptions(), handler: null, loggerFactory.CreateLogger<ScrapeStage>())]);
    }

    public void Dispose()
    {
        foreach (var stage in _stages.OfType<IDisposable>())
        {
            stage.Dispose();
        }
    }
}
