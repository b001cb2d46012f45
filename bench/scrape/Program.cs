using System.Diagnostics;
using System.Globalization;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Scraping;

// Usage: dotnet run -c Release --project bench/scrape [-- persons repeats]
// Serves a card-grid staff list of N persons (25 per page, joined by "next" links, each with its own ~24 KB photo and
// ETag/Last-Modified), scrapes it `repeats` times into fresh workspaces with delays off, and then once more unchanged.
var persons = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const int PerPage = 25;

await using var site = await FixtureServer.StartAsync();
var random = new Random(7);
var pages = (persons + PerPage - 1) / PerPage;
for (var page = 1; page <= pages; page++)
{
    var cards = new List<string>();
    for (var i = (page - 1) * PerPage; i < Math.Min(page * PerPage, persons); i++)
    {
        var photo = new byte[24 * 1024];
        random.NextBytes(photo);
        photo[0] = 0xFF;
        photo[1] = 0xD8;
        photo[2] = 0xFF;
        site.File($"/photos/{i}.jpg", photo, "image/jpeg");
        cards.Add($"<div class=\"team-member\"><a class=\"team-member__link\" href=\"/team/p{i}\"><img data-src=\"/photos/{i}.jpg\"></a>"
            + $"<h3 class=\"team-member__name\">Person {i}</h3><p class=\"team-member__role\">Researcher</p></div>");
    }

    var next = page < pages ? $"<a class=\"next\" href=\"/team/{page + 1}\">next</a>" : string.Empty;
    site.Page(page == 1 ? "/team/" : $"/team/{page}", $"<html><body>{string.Concat(cards)}{next}</body></html>");
}

var source = new SourceManifest
{
    Name = "bench",
    Dataset = "bench",
    Urls = [site.Url("/team/")],
    Label = "cs",
    AllowedHosts = [site.BaseUrl.Authority],
    Scraper = new ScraperProfile
    {
        Name = "card-grid",
        MaxPages = 1000,
        Selectors = new SelectorSet
        {
            Item = ".team-member", Name = ".team-member__name", Role = ".team-member__role", Photo = "img", Link = "a.team-member__link", NextPage = "a.next",
        },
    },
};
var dataset = new DatasetDefinition { Name = "bench", Label = "field", Sources = [source] };
var options = new ScrapeOptions { PerHostDelay = TimeSpan.Zero };
var root = Directory.CreateTempSubdirectory("forge-bench-scrape-").FullName;
try
{
    var rates = new List<(double Persons, double Photos, double Seconds)>();
    DatasetWorkspace? last = null;
    for (var run = 0; run < repeats; run++)
    {
        last = new DatasetWorkspace(Path.Combine(root, run.ToString(CultureInfo.InvariantCulture)), "bench");
        var watch = Stopwatch.StartNew();
        var result = await RunAsync(last);
        watch.Stop();
        var seconds = watch.Elapsed.TotalSeconds;
        rates.Add((result.Counts[ScrapeCounts.Persons] / seconds, result.Counts[ScrapeCounts.Fetched] / seconds, seconds));
        Console.WriteLine(FormattableString.Invariant(
            $"run {run + 1}: {result.Counts[ScrapeCounts.Persons]} persons, {result.Counts[ScrapeCounts.Fetched]} photos, {result.Counts[ScrapeCounts.Requests]} requests in {seconds:0.00} s"));
    }

    double Median(Func<(double Persons, double Photos, double Seconds), double> pick) =>
        rates.Select(pick).Order().ElementAt(rates.Count / 2);
    Console.WriteLine(FormattableString.Invariant(
        $"first crawl, median of {repeats}: {Median(r => r.Persons):0.0} persons/s, {Median(r => r.Photos):0.0} photos/s, {Median(r => r.Seconds):0.00} s"));

    site.ClearLog();
    var refresh = Stopwatch.StartNew();
    var again = await RunAsync(last!);
    refresh.Stop();
    var log = site.Requests;
    Console.WriteLine(FormattableString.Invariant(
        $"second, unchanged run: {log.Count} requests ({log.Count(r => r.Status == 304)} answered 304, {log.Count(r => r.Status == 200)} answered 200, {log.Count(r => r.Status == 404)} 404), {again.Counts[ScrapeCounts.Fetched]} photos fetched, {refresh.Elapsed.TotalSeconds:0.00} s"));
}
finally
{
    Directory.Delete(root, recursive: true);
}

async Task<StageResult> RunAsync(DatasetWorkspace workspace)
{
    using var stage = new ScrapeStage(options);
    return await stage.RunAsync(new StageContext(dataset, workspace, new Progress<StageProgress>(), TimeProvider.System));
}
