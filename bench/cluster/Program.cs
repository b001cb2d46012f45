using System.Diagnostics;
using System.Globalization;
using System.Text;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Testing;

// Usage: dotnet run -c Release --project bench/cluster [-- nodes sources delayMs pages perPage]
//   nodes: comma-separated node counts to measure, in order (default 1,2,3); sources: web sources of the dataset (40);
//   delayMs: how long every answer waits (100); pages, perPage: list pages per source and persons per page (3, 5).
// Each source is its own site (a fixture server on its own port of 127.0.0.1, so each has its own politeness slots, as
// departments on their own hosts do), with `pages` list pages joined by "next" links and a distinct photo per person.
// For each node count: a fresh database on the PostgreSQL the tests start, a fresh workspace, that many
// `forge schedule --cluster` processes, a run requested now; the wall time is from the planner's "spread over the
// cluster" line to the continuation's "continues after its N source(s)" line. Requests are counted on the servers.
var nodeCounts = args.Length > 0 ? args[0].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList() : [1, 2, 3];
var sourceCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
var delay = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100);
var pages = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
var perPage = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 5;
var timeout = TimeSpan.FromMinutes(15);

var repository = Directory.GetCurrentDirectory();
var scrapers = Path.Combine(repository, "scrapers");
if (!File.Exists(Path.Combine(scrapers, "card-grid.yaml")))
{
    Console.Error.WriteLine($"Run from the repository root: {scrapers}/card-grid.yaml is missing.");
    return 2;
}

var sites = new List<FixtureServer>();
var root = Directory.CreateTempSubdirectory("forge-bench-cluster-").FullName;
try
{
    var random = new Random(12);
    for (var s = 0; s < sourceCount; s++)
    {
        var site = await FixtureServer.StartAsync();
        site.Delay = delay;
        Serve(site, s, pages, perPage, random);
        sites.Add(site);
    }

    var manifests = Path.Combine(root, "manifests", "bench");
    Directory.CreateDirectory(manifests);
    File.WriteAllText(Path.Combine(manifests, "dataset.yaml"), "dataset: bench\nlabel: field\nlabelKind: category\nschedule: \"0 0 3 ? * MON\"\n");
    for (var s = 0; s < sourceCount; s++)
    {
        File.WriteAllText(Path.Combine(manifests, $"s{s:D2}.yaml"), new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"source: s{s:D2}")
            .AppendLine(CultureInfo.InvariantCulture, $"url: {sites[s].Url("/team/")}")
            .AppendLine("profile: card-grid")
            .AppendLine(CultureInfo.InvariantCulture, $"label: {(s % 2 == 0 ? "even" : "odd")}")
            .AppendLine("delaySeconds: 0")
            .AppendLine("concurrency: 2")
            .ToString());
    }

    Console.WriteLine(FormattableString.Invariant(
        $"{sourceCount} sources x {pages} list pages x {perPage} persons, {delay.TotalMilliseconds:0} ms per answer; {Environment.ProcessorCount} cores, load {Load()}"));
    var expected = sourceCount * (pages + pages * perPage);
    foreach (var nodes in nodeCounts)
    {
        foreach (var site in sites)
        {
            site.ClearLog();
        }

        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        var workspace = Path.Combine(root, $"workspace-{nodes}");
        var processes = new List<ForgeProcess>();
        try
        {
            for (var n = 1; n <= nodes; n++)
            {
                var id = $"node-{n}";
                var node = ForgeProcess.Start(id,
                [
                    "schedule", "-d", "bench", "--cluster", database, "--catalogue", database, "--node-id", id, "--checkin-interval", "2",
                    "--manifests", Path.Combine(root, "manifests"), "--scrapers", scrapers, "--workspace", workspace,
                    // The last node to join asks for a run now; whichever node acquires it plans the sources.
                    .. n == nodes ? ["--run-now"] : Array.Empty<string>(),
                ]);
                processes.Add(node);
                await node.WaitForLineAsync(l => l.Contains($"cluster node {id} joined", StringComparison.Ordinal), timeout);
            }

            var watch = new Stopwatch();
            var planned = await Task.WhenAny(processes.Select(p => p.WaitForLineAsync(l => l.Contains("spread over the cluster", StringComparison.Ordinal), timeout)));
            await planned;
            watch.Start();
            var continued = await Task.WhenAny(processes.Select(p => p.WaitForLineAsync(l => l.Contains("continues after its", StringComparison.Ordinal), timeout)));
            await continued;
            watch.Stop();

            var requests = sites.SelectMany((site, s) => site.Requests.Select(r => (Site: s, r.PathAndQuery))).ToList();
            var robots = requests.Count(r => r.PathAndQuery == "/robots.txt");
            var work = requests.Where(r => r.PathAndQuery != "/robots.txt").ToList();
            var twice = work.GroupBy(r => r).Count(g => g.Count() > 1);
            var perNode = processes.Select(p => p.Lines.Count(l => l.Contains(" of dataset bench scraped on node " + p.Name, StringComparison.Ordinal))).ToList();
            var seconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine(FormattableString.Invariant(
                $"{nodes} node(s): {seconds:0.0} s, {work.Count} requests ({expected} expected, {twice} fetched twice, robots.txt {robots}), {work.Count / seconds:0.0} requests/s, sources per node {string.Join('/', perNode)}, load {Load()}"));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    return 0;
}
finally
{
    foreach (var site in sites)
    {
        await site.DisposeAsync();
    }

    Directory.Delete(root, recursive: true);
}

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

static void Serve(FixtureServer site, int source, int pages, int perPage, Random random)
{
    for (var page = 1; page <= pages; page++)
    {
        var cards = new StringBuilder();
        for (var i = (page - 1) * perPage; i < page * perPage; i++)
        {
            var photo = new byte[8 * 1024];
            random.NextBytes(photo);
            photo[0] = 0xFF;
            photo[1] = 0xD8;
            photo[2] = 0xFF;
            site.File($"/photos/{i}.jpg", photo, "image/jpeg");
            cards.Append(CultureInfo.InvariantCulture,
                $"<div class=\"team-member\"><a class=\"team-member__link\" href=\"/team/p{i}\"><img src=\"/photos/{i}.jpg\"></a><h3 class=\"team-member__name\">Person {source}-{i}</h3><p class=\"team-member__role\">Researcher</p></div>");
        }

        var next = page < pages ? $"<a class=\"next\" href=\"/team/{page + 1}\">next</a>" : string.Empty;
        site.Page(page == 1 ? "/team/" : $"/team/{page}", $"<html><body>{cards}{next}</body></html>");
    }
}
