using DatasetForge.Core.Pipeline;

namespace DatasetForge.Sources.Stage;

/// <summary>The counts of one import run, for the summary line and the catalogue's stage runs.</summary>
internal sealed class ImportTally
{
    public long Sources { get; set; }

    public long Items { get; set; }

    public long New { get; set; }

    public long Changed { get; set; }

    public long Unchanged { get; set; }

    public long Rejected { get; set; }

    public long Vanished { get; set; }

    public long Unlabelled { get; set; }

    public long Stored { get; set; }

    public long FailedSources { get; set; }

    public List<string> Problems { get; } = [];

    public StageResult ToResult()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["sources"] = Sources,
            ["items"] = Items,
            ["new"] = New,
            ["changed"] = Changed,
            ["unchanged"] = Unchanged,
            ["rejected"] = Rejected,
            ["vanished"] = Vanished,
            ["unlabelled"] = Unlabelled,
            ["stored"] = Stored,
            ["failedSources"] = FailedSources,
        };
        var summary = $"{Items} items from {Sources} source(s): {New} new, {Changed} changed, {Unchanged} unchanged, {Rejected} rejected, {Vanished} vanished"
            + (Unlabelled > 0 ? $", {Unlabelled} unlabelled" : string.Empty)
            + (Problems.Count > 0 ? $"; {Problems.Count} problem(s): {string.Join("; ", Problems.Take(5))}" : string.Empty);
        return new StageResult(PipelineStage.Import, summary, counts);
    }
}
