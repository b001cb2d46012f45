using System.Diagnostics;
using System.Globalization;
using DatasetForge.Bench.Audit;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Export;
using DatasetForge.Reporting;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

// Usage: dotnet run -c Release --project bench/audit -- [items (1000000)] [folder (/tmp/forge-bench-audit)] [repeats (3)] [sqlite|postgres|both (both)] [reuse]
// Generates the catalogue once per provider (the crop files once, shared), then exports a fresh version and writes the
// report `repeats` times each, the providers taking turns, printing every time, the process's peak resident memory
// during the stage (VmHWM, reset before each stage), the load average and the medians. PostgreSQL is a server of its own
// (initdb into a temp folder, as the tests start it); its memory is not the process's. The folder is deleted at the
// start (and kept at the end to look at), unless `reuse` is given and it holds a SQLite catalogue of `items` items from
// an earlier run: then generating (minutes at a million) is skipped.
var items = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var folder = args.Length > 1 ? args[1] : "/tmp/forge-bench-audit";
var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
var which = args.Length > 3 ? args[3].ToLowerInvariant() : "both";
if (which is not ("sqlite" or "postgres" or "both"))
{
    Console.Error.WriteLine($"the fourth argument is '{args[3]}'; it must be sqlite, postgres or both");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var reuse = args.Length > 4 && args[4] == "reuse" && which == "sqlite" && File.Exists(Path.Combine(folder, "bench", "catalogue.db"));
if (Directory.Exists(folder) && !reuse)
{
    Directory.Delete(folder, recursive: true);
}

Console.WriteLine($"load average at start: {LoadAverage()}; {Environment.ProcessorCount} processors");
var dataset = new DatasetDefinition { Name = "bench", Label = "field", Description = "Synthetic benchmark catalogue." };
var providers = new List<(string Name, DatasetWorkspace Workspace)>();
if (which is "sqlite" or "both")
{
    providers.Add(("sqlite", new DatasetWorkspace(folder, "bench")));
}

if (which is "postgres" or "both")
{
    var connection = await PostgresServer.Shared.CreateDatabaseAsync(cancel.Token);
    providers.Add(("postgres", new DatasetWorkspace(folder, "bench") { Catalogue = connection }));
}

var clock = Stopwatch.StartNew();
for (var p = 0; p < providers.Count; p++)
{
    if (reuse)
    {
        await using var existing = await DatasetForge.Catalogue.Catalogue.OpenAsync(providers[p].Workspace, cancel.Token);
        var count = await existing.Items.CountAsync(cancel.Token);
        if (count != items)
        {
            Console.Error.WriteLine($"reuse: {folder} holds {count} items, not {items}; run without reuse");
            return 2;
        }

        Console.WriteLine($"generate ({providers[p].Name}): reusing the {count} items in {folder}");
        continue;
    }

    clock.Restart();
    await SyntheticCatalogue.GenerateAsync(providers[p].Workspace, items, sources: 57, labels: ["cs", "economics", "german", "mechanical"], writeCrops: p == 0, cancel.Token);
    Console.WriteLine($"generate ({providers[p].Name}): {items} items in {clock.Elapsed.TotalSeconds:0.0} s");
}

var figures = providers.ToDictionary(p => p.Name, _ => (Export: new List<double>(), ExportCopied: new List<double>(), Report: new List<double>(), ExportPeak: new List<long>(), ReportPeak: new List<long>()));
for (var run = 1; run <= repeats; run++)
{
    foreach (var (name, workspace) in providers)
    {
        var context = new StageContext(dataset, workspace, new Progress<StageProgress>(), TimeProvider.System);
        var figure = figures[name];

        // The crops copied (as before hard links) and linked (the default), in turn, each a fresh export: the previous
        // version is forgotten so the stage does the whole work again.
        foreach (var link in new[] { false, true })
        {
            await using (var catalogue = await DatasetForge.Catalogue.Catalogue.OpenAsync(workspace, cancel.Token))
            {
                await catalogue.Database.ExecuteSqlRawAsync("DELETE FROM \"VersionItems\"; DELETE FROM \"Versions\";", cancel.Token);
            }

            foreach (var version in Directory.GetDirectories(workspace.VersionsDirectory))
            {
                Directory.Delete(version, recursive: true);
            }

            ResetPeak();
            clock.Restart();
            var export = await new ExportStage(new ExportOptions { LinkCrops = link }).RunAsync(context, cancel.Token);
            (link ? figure.Export : figure.ExportCopied).Add(clock.Elapsed.TotalSeconds);
            figure.ExportPeak.Add(PeakMiB());
            Console.WriteLine($"{name} export ({(link ? "crops linked" : "crops copied")}) run {run}: {clock.Elapsed.TotalSeconds:0.0} s, peak {figure.ExportPeak[^1]} MiB, load {LoadAverage()}; {export.Summary}");
        }

        ResetPeak();
        clock.Restart();
        var report = await new ReportStage().RunAsync(context, cancel.Token);
        figure.Report.Add(clock.Elapsed.TotalSeconds);
        figure.ReportPeak.Add(PeakMiB());
        var html = new FileInfo(Path.Combine(workspace.ReportsDirectory, ReportStage.HtmlFileName)).Length;
        var json = new FileInfo(Path.Combine(workspace.ReportsDirectory, ReportStage.JsonFileName)).Length;
        Console.WriteLine($"{name} report run {run}: {clock.Elapsed.TotalSeconds:0.0} s, peak {figure.ReportPeak[^1]} MiB, load {LoadAverage()}; report.html {html / 1024.0:0} KiB, report.json {json / 1024.0:0} KiB; {report.Summary}");
    }
}

foreach (var (name, figure) in figures)
{
    Console.WriteLine($"{name} median over {repeats}: export {Median(figure.Export):0.0} s (crops copied {Median(figure.ExportCopied):0.0} s; peak {figure.ExportPeak.Max()} MiB), report {Median(figure.Report):0.0} s (peak {figure.ReportPeak.Max()} MiB)");
}

Console.WriteLine($"load average at end: {LoadAverage()}");
return 0;

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

// The peak resident set of this process since the last reset: Linux's VmHWM, which writing 5 to clear_refs resets to
// the current resident set (after a full collection, so one stage's garbage does not count against the next).
static void ResetPeak()
{
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    try
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
    }
    catch (IOException)
    {
        // Not Linux, or not allowed: the peak is then the process's since it started.
    }
    catch (UnauthorizedAccessException)
    {
    }
}

static long PeakMiB()
{
    if (File.Exists("/proc/self/status"))
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        if (line is not null)
        {
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
    }

    return Process.GetCurrentProcess().PeakWorkingSet64 >> 20;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
