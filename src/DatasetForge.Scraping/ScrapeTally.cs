using DatasetForge.Core.Pipeline;

namespace DatasetForge.Scraping;

/// <summary>What one run of the scrape stage counted and which problems it met.</summary>
internal sealed class ScrapeTally
{
    private const int ProblemsInSummary = 5;

    public int Sources { get; set; }

    public int Pages { get; set; }

    public int PageErrors { get; set; }

    public int SelectorMisses { get; set; }

    public int Persons { get; set; }

    public int NewPersons { get; set; }

    public int Downloaded { get; set; }

    public int Fetched { get; set; }

    public int Failed { get; set; }

    public int NoPhoto { get; set; }

    public int Vanished { get; set; }

    public int Requests { get; set; }

    public int NotModified { get; set; }

    public int PagesNotModified { get; set; }

    public int ProfilePages { get; set; }

    public int RobotsOverrides { get; set; }

    public int ChangedPhotos { get; set; }

    public int PagesRefused { get; set; }

    public TimeSpan HighestDelay { get; set; }

    public int NoAi { get; set; }

    public int NoAiOverrides { get; set; }

    public int Resumed { get; set; }

    public int LabelConflicts { get; set; }

    public HashSet<string> PhotoHashes { get; } = new(StringComparer.Ordinal);

    public List<string> Problems { get; } = [];

    public StageResult ToResult()
    {
        var summary = $"{Persons} persons from {Sources} sources ({Pages} pages): {Downloaded} with a stored photo "
            + $"({PhotoHashes.Count} distinct, {Fetched} fetched now, {ChangedPhotos} changed), {Failed} failed downloads, {NoPhoto} without photo, "
            + (NoAi > 0 ? $"{NoAi} not for AI (noai), " : string.Empty)
            + (LabelConflicts > 0 ? $"{LabelConflicts} listed twice with different labels (label conflicts for review), " : string.Empty)
            + $"{NewPersons} new, {Vanished} vanished; {Requests} requests, {NotModified} answered 304"
            + (Resumed > 0 ? $", {Resumed} answers read from an interrupted crawl's frontier" : string.Empty);
        if (Problems.Count > 0)
        {
            summary += $"; {Problems.Count} problem(s): " + string.Join("; ", Problems.Take(ProblemsInSummary))
                + (Problems.Count > ProblemsInSummary ? $"; and {Problems.Count - ProblemsInSummary} more (see the log)" : string.Empty);
        }

        var counts = new Dictionary<string, long>
        {
            [ScrapeCounts.Sources] = Sources,
            [ScrapeCounts.Pages] = Pages,
            [ScrapeCounts.PageErrors] = PageErrors,
            [ScrapeCounts.SelectorMisses] = SelectorMisses,
            [ScrapeCounts.Persons] = Persons,
            [ScrapeCounts.NewPersons] = NewPersons,
            [ScrapeCounts.Photos] = PhotoHashes.Count,
            [ScrapeCounts.Downloaded] = Downloaded,
            [ScrapeCounts.Fetched] = Fetched,
            [ScrapeCounts.Failed] = Failed,
            [ScrapeCounts.NoPhoto] = NoPhoto,
            [ScrapeCounts.Vanished] = Vanished,
            [ScrapeCounts.Requests] = Requests,
            [ScrapeCounts.NotModified] = NotModified,
            [ScrapeCounts.PagesNotModified] = PagesNotModified,
            [ScrapeCounts.ProfilePages] = ProfilePages,
            [ScrapeCounts.RobotsOverrides] = RobotsOverrides,
            [ScrapeCounts.ChangedPhotos] = ChangedPhotos,
            [ScrapeCounts.PagesRefused] = PagesRefused,
            [ScrapeCounts.HighestDelayMs] = (long)HighestDelay.TotalMilliseconds,
            [ScrapeCounts.NoAi] = NoAi,
            [ScrapeCounts.NoAiOverrides] = NoAiOverrides,
            [ScrapeCounts.Resumed] = Resumed,
            [ScrapeCounts.LabelConflicts] = LabelConflicts,
        };
        return new StageResult(PipelineStage.Scrape, summary, counts);
    }
}
