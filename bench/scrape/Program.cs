using System.Diagnostics;
using System.Globalization;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Scraping;

// Usage: dotnet run -c Release --project bench/scrape [-- persons pairs]
// Serves a card-grid staff list of N persons (25 per page, joined by "next" links, each with its own ~24 KB photo and
// ETag/Last-Modified, and a robots.txt) and crawls it, politeness off (no delay, no adaptive throttle), `pairs` times
// with forge and `pairs` times with Scrapy (python3-scrapy: bench/scrape/peer_spider.py), alternating (forge, Scrapy,
// then Scrapy, forge, ...), each arm a process of its own on the same served site. Each run's server-side requests are
// counted, to show both arms did the same work. Then forge once more on its last workspace, unchanged (conditional GETs).
// The forge arm is this program again: `... -- --child <first list page URL> <workspace folder>`.
if (args is ["--child", var startArgument, var folderArgument])
{
    return await ForgeChildAsync(new Uri(startArgument), folderArgument);
}

var persons = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var pairs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
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

site.File("/robots.txt", "User-agent: *\nDisallow: /private/\n"u8.ToArray(), "text/plain; charset=utf-8");
var start = site.Url("/team/");
var spider = Path.Combine(AppContext.BaseDirectory, "peer_spider.py");
// Debian's Python, where python3-scrapy is installed (a python3 earlier on PATH, such as pyenv's, may lack it).
var python = Environment.GetEnvironmentVariable("FORGE_BENCH_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
var peer = PeerAvailable(python);
if (!peer)
{
    Console.WriteLine($"Scrapy is not installed for {python} (apt-get install python3-scrapy): only forge's arm runs.");
}

var defaults = new ScrapeOptions();
Console.WriteLine(FormattableString.Invariant(
    $"site: {persons} persons on {pages} list pages at {start}; per host {defaults.PerHostConcurrency} at once, {defaults.MaxParallelFetches} in all, no delay, no throttle; {pairs} pairs"));
var root = Directory.CreateTempSubdirectory("forge-bench-scrape-").FullName;
try
{
    var forgeRuns = new List<Run>();
    var peerRuns = new List<Run>();
    string? lastForge = null;
    for (var pair = 0; pair < pairs; pair++)
    {
        var order = !peer ? ["forge"] : pair % 2 == 0 ? new[] { "forge", "scrapy" } : ["scrapy", "forge"];
        foreach (var arm in order)
        {
            var folder = Path.Combine(root, FormattableString.Invariant($"{arm}-{pair}"));
            Directory.CreateDirectory(folder);
            var run = arm == "forge" ? await ArmAsync(arm, Self([ "--child", start.AbsoluteUri, folder ]), folder)
                : await ArmAsync(arm, Scrapy(folder), folder);
            (arm == "forge" ? forgeRuns : peerRuns).Add(run);
            lastForge = arm == "forge" ? folder : lastForge;
            Console.WriteLine(FormattableString.Invariant(
                $"pair {pair + 1} {arm,-6}: {run.Wall:0.00} s whole process, {run.Inside:0.00} s crawling, {run.Cpu:0.00} s CPU; {run.Persons} persons ({persons / run.Wall:0.0}/s whole, {persons / run.Inside:0.0}/s crawling), {run.Stored} photos stored; server saw {run.Log.Summary}"));
            if (run.ExitCode != 0)
            {
                Console.WriteLine($"  {arm} exited with {run.ExitCode}: {run.Output.Trim()}");
            }
        }
    }

    if (peer && forgeRuns.Count > 0 && peerRuns.Count > 0)
    {
        var forgePaths = forgeRuns[0].Log.Paths;
        var peerPaths = peerRuns[0].Log.Paths;
        var onlyForge = forgePaths.Except(peerPaths).Order(StringComparer.Ordinal).ToList();
        var onlyPeer = peerPaths.Except(forgePaths).Order(StringComparer.Ordinal).ToList();
        Console.WriteLine(onlyForge.Count == 0 && onlyPeer.Count == 0
            ? $"same work: both arms requested the same {forgePaths.Count} URLs"
            : $"NOT the same work: only forge requested {onlyForge.Count} ({string.Join(", ", onlyForge.Take(5))}), only Scrapy {onlyPeer.Count} ({string.Join(", ", onlyPeer.Take(5))})");
        var whole = forgeRuns.Zip(peerRuns, (f, s) => s.Wall / f.Wall).Order().ToList();
        var inside = forgeRuns.Zip(peerRuns, (f, s) => s.Inside / f.Inside).Order().ToList();
        var cpu = forgeRuns.Zip(peerRuns, (f, s) => s.Cpu / f.Cpu).Order().ToList();
        Console.WriteLine(FormattableString.Invariant(
            $"forge median {Median(forgeRuns.Select(r => r.Wall)):0.00} s whole ({persons / Median(forgeRuns.Select(r => r.Wall)):0.0} persons/s), {Median(forgeRuns.Select(r => r.Inside)):0.00} s crawling, {Median(forgeRuns.Select(r => r.Cpu)):0.00} s CPU"));
        Console.WriteLine(FormattableString.Invariant(
            $"Scrapy median {Median(peerRuns.Select(r => r.Wall)):0.00} s whole ({persons / Median(peerRuns.Select(r => r.Wall)):0.0} persons/s), {Median(peerRuns.Select(r => r.Inside)):0.00} s crawling, {Median(peerRuns.Select(r => r.Cpu)):0.00} s CPU"));
        Console.WriteLine(FormattableString.Invariant(
            $"forge/Scrapy throughput, median of {whole.Count} pairs: {Median(whole):0.00}x whole process ({whole[0]:0.00}-{whole[^1]:0.00}), {Median(inside):0.00}x crawling ({inside[0]:0.00}-{inside[^1]:0.00}); CPU per crawl Scrapy/forge {Median(cpu):0.00}x"));
    }

    if (lastForge is not null)
    {
        var again = await ArmAsync("forge", Self(["--child", start.AbsoluteUri, lastForge]), lastForge);
        Console.WriteLine(FormattableString.Invariant(
            $"forge again, unchanged: {again.Wall:0.00} s whole process, {again.Inside:0.00} s crawling; server saw {again.Log.Summary}"));
    }
}
finally
{
    Directory.Delete(root, recursive: true);
}

return 0;

// One arm's run: the child's wall time, its own crawl time and CPU (from its last line), what it stored, what the server saw.
async Task<Run> ArmAsync(string arm, ProcessStartInfo startInfo, string folder)
{
    site.ClearLog();
    startInfo = Wrapped(startInfo);
    startInfo.RedirectStandardOutput = true;
    startInfo.RedirectStandardError = true;
    var watch = Stopwatch.StartNew();
    using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {startInfo.FileName}");
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    watch.Stop();
    var output = await stdout + await stderr;
    if (Environment.GetEnvironmentVariable("FORGE_BENCH_SHOW") is not null) { Console.WriteLine(output); }
    var line = output.Split('\n').LastOrDefault(l => l.StartsWith(arm == "forge" ? "forge:" : "peer:", StringComparison.Ordinal)) ?? string.Empty;
    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2)).Where(f => f.Length == 2)
        .ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
    double Field(string name) => fields.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : double.NaN;
    var store = Path.Combine(folder, arm == "forge" ? "bench" : string.Empty, "store");
    var stored = Directory.Exists(store) ? Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories).Count(f => !Path.GetFileName(f).StartsWith('.')) : 0;
    return new Run(watch.Elapsed.TotalSeconds, Field("elapsed"), Field("cpu"), (int)Field("persons"), stored, new ServerLog(site.Requests), process.ExitCode, output);
}

// FORGE_BENCH_WRAP (for example "strace -f -c -o /tmp/arm.strace") runs each arm under a profiler; its times then include the profiler's.
static ProcessStartInfo Wrapped(ProcessStartInfo startInfo)
{
    if (Environment.GetEnvironmentVariable("FORGE_BENCH_WRAP") is not { Length: > 0 } wrap)
    {
        return startInfo;
    }

    var words = wrap.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    var wrapped = new ProcessStartInfo(words[0]);
    foreach (var word in words.Skip(1).Append(startInfo.FileName).Concat(startInfo.ArgumentList))
    {
        wrapped.ArgumentList.Add(word);
    }

    return wrapped;
}

ProcessStartInfo Self(string[] arguments)
{
    var path = Environment.ProcessPath!;
    var info = new ProcessStartInfo(path);
    if (Path.GetFileNameWithoutExtension(path) == "dotnet")
    {
        info.ArgumentList.Add(typeof(Run).Assembly.Location);
    }

    foreach (var argument in arguments)
    {
        info.ArgumentList.Add(argument);
    }

    return info;
}

ProcessStartInfo Scrapy(string folder)
{
    var info = new ProcessStartInfo(python);
    foreach (var argument in new[]
    {
        "-m", "scrapy", "runspider", spider, "-a", $"start={start.AbsoluteUri}", "-a", $"out={folder}",
        "-s", FormattableString.Invariant($"CONCURRENT_REQUESTS_PER_DOMAIN={defaults.PerHostConcurrency}"),
        "-s", FormattableString.Invariant($"CONCURRENT_REQUESTS={defaults.MaxParallelFetches}"),
        "-s", FormattableString.Invariant($"RETRY_TIMES={defaults.MaxRetries}"),
    })
    {
        info.ArgumentList.Add(argument);
    }

    return info;
}

static bool PeerAvailable(string python)
{
    try
    {
        using var probe = Process.Start(new ProcessStartInfo(python, ["-c", "import scrapy"]) { RedirectStandardError = true });
        probe!.WaitForExit();
        return probe.ExitCode == 0;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return false;
    }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

// forge's arm: the scrape stage on the served site, politeness off, into a fresh (or the given) workspace.
static async Task<int> ForgeChildAsync(Uri start, string folder)
{
    var watch = Stopwatch.StartNew();
    var source = new SourceManifest
    {
        Name = "bench",
        Dataset = "bench",
        Urls = [start],
        Label = "cs",
        AllowedHosts = [start.Authority],
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
    var options = new ScrapeOptions { PerHostDelay = TimeSpan.Zero, AutoThrottle = false };
    using var stage = new ScrapeStage(options);
    var result = await stage.RunAsync(new StageContext(dataset, new DatasetWorkspace(folder, "bench"), new Progress<StageProgress>(), TimeProvider.System));
    watch.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    Console.WriteLine(FormattableString.Invariant(
        $"forge: persons={result.Counts[ScrapeCounts.Persons]} photos={result.Counts[ScrapeCounts.Fetched]} requests={result.Counts[ScrapeCounts.Requests]} elapsed={watch.Elapsed.TotalSeconds:0.000} cpu={cpu:0.000}"));
    return 0;
}

/// <summary>One run of one arm: seconds as a whole process, seconds crawling (its own clock), CPU seconds, what it did.</summary>
internal sealed record Run(double Wall, double Inside, double Cpu, int Persons, int Stored, ServerLog Log, int ExitCode, string Output);

/// <summary>What the server saw of one run: its requests by kind and by status.</summary>
internal sealed class ServerLog(IReadOnlyList<FixtureRequest> requests)
{
    public HashSet<string> Paths { get; } = requests.Select(r => r.PathAndQuery).ToHashSet(StringComparer.Ordinal);

    public string Summary
    {
        get
        {
            int Count(Func<string, bool> kind) => requests.Count(r => kind(r.PathAndQuery));
            var robots = Count(p => p == "/robots.txt");
            var lists = Count(p => p == "/team/" || (p.StartsWith("/team/", StringComparison.Ordinal) && p[6..].All(char.IsAsciiDigit)));
            var profiles = Count(p => p.StartsWith("/team/p", StringComparison.Ordinal));
            var photos = Count(p => p.StartsWith("/photos/", StringComparison.Ordinal));
            var statuses = string.Join(", ", requests.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}"));
            return $"{requests.Count} requests (robots.txt {robots}, list pages {lists}, photos {photos}, profiles {profiles}, other {requests.Count - robots - lists - profiles - photos}; {statuses})";
        }
    }
}
