using System.Diagnostics;
using System.Globalization;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Bench.Audit;
using DatasetForge.Export;
using DatasetForge.Reporting;

// Usage: dotnet run -c Release --project bench/audit -- [items (1000000)] [folder (/tmp/forge-bench-audit)] [repeats (3)]
// Generates the catalogue once, then exports a fresh version and writes the report `repeats` times each, printing
// every time and the median. The folder is deleted at the start (and kept at the end to look at).
var items = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var folder = args.Length > 1 ? args[1] : "/tmp/forge-bench-audit";
var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (Directory.Exists(folder))
{
    Directory.Delete(folder, recursive: true);
}

var workspace = new DatasetWorkspace(folder, "bench");
var dataset = new DatasetDefinition { Name = "bench", Label = "field", Description = "Synthetic benchmark catalogue." };
var context = new StageContext(dataset, workspace, new Progress<StageProgress>(), TimeProvider.System);
var clock = Stopwatch.StartNew();
await SyntheticCatalogue.GenerateAsync(workspace, items, sources: 57, labels: ["cs", "economics", "german", "mechanical"], cancel.Token);
Console.WriteLine($"generate: {items} items in {clock.Elapsed.TotalSeconds:0.0} s");

var exports = new List<double>();
var reports = new List<double>();
for (var run = 1; run <= repeats; run++)
{
    // A fresh export each time: forget the previous version so the stage does the whole work again.
    await using (var catalogue = await DatasetForge.Catalogue.Catalogue.OpenAsync(workspace, cancel.Token))
    {
        await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(catalogue.Database, "DELETE FROM VersionItems; DELETE FROM Versions;", cancel.Token);
    }

    foreach (var version in Directory.GetDirectories(workspace.VersionsDirectory))
    {
        Directory.Delete(version, recursive: true);
    }

    clock.Restart();
    var export = await new ExportStage().RunAsync(context, cancel.Token);
    exports.Add(clock.Elapsed.TotalSeconds);
    Console.WriteLine($"export run {run}: {clock.Elapsed.TotalSeconds:0.0} s, {export.Summary}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20)} MiB");

    clock.Restart();
    var report = await new ReportStage().RunAsync(context, cancel.Token);
    reports.Add(clock.Elapsed.TotalSeconds);
    var html = new FileInfo(Path.Combine(workspace.ReportsDirectory, ReportStage.HtmlFileName)).Length;
    var json = new FileInfo(Path.Combine(workspace.ReportsDirectory, ReportStage.JsonFileName)).Length;
    Console.WriteLine($"report run {run}: {clock.Elapsed.TotalSeconds:0.0} s; report.html {html / 1024.0:0} KiB, report.json {json / 1024.0:0} KiB; {report.Summary}");
}

Console.WriteLine($"median over {repeats}: export {Median(exports):0.0} s, report {Median(reports):0.0} s");

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
