using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using DatasetForge.Cli.Hosting;
using DatasetForge.Core.Assets;
using DatasetForge.DemoSite;
using DatasetForge.Reporting;
using DatasetForge.Reporting.Model;
using Spectre.Console;

namespace DatasetForge.Cli.Commands;

/// <summary><c>forge demo</c> (serve the demo site and run the whole chain on it) and <c>forge serve-demo</c>.</summary>
internal static class DemoCommands
{
    /// <summary>The variable the demo manifests read the site's address from.</summary>
    public const string SiteVariable = "DEMO_SITE_URL";

    private static readonly Option<int> Port = new("--port")
    {
        Description = "Port of the demo site on 127.0.0.1; if it is taken, a free one is used.",
        DefaultValueFactory = _ => 5180,
    };

    public static IEnumerable<Command> Create(ForgeRuntime runtime)
    {
        var demo = new Command("demo", "Serve the demo university site on 127.0.0.1 and run the whole chain on it: scrape, curate, export, train, evaluate, report.")
        {
            Port,
        };
        demo.SetAction((result, token) => CommandErrors.HandleAsync(runtime.Console, () => RunDemoAsync(runtime, result, token)));
        yield return demo;

        var serve = new Command("serve-demo", "Serve the demo university site on 127.0.0.1 until Ctrl-C, to browse it or point manifests at it.") { Port };
        serve.SetAction((result, token) => CommandErrors.HandleAsync(runtime.Console, async () =>
        {
            await using var site = await StartSiteAsync(result.GetValue(Port), token);
            runtime.Console.MarkupLine($"Demo site on [link]{site.BaseUrl}[/]; Ctrl-C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                runtime.Console.WriteLine("Stopped.");
            }

            return 0;
        }));
        yield return serve;
    }

    private static async Task<int> RunDemoAsync(ForgeRuntime runtime, ParseResult result, CancellationToken token)
    {
        AssetLocator.Require(AssetLocator.SamplePhotosDirectory);
        AssetLocator.Require(AssetLocator.BlazeFaceFront);
        var paths = CommonOptions.Paths(result);
        await using var site = await StartSiteAsync(result.GetValue(Port), token);
        var baseUrl = site.BaseUrl.ToString().TrimEnd('/');
        Environment.SetEnvironmentVariable(SiteVariable, baseUrl);
        runtime.Console.MarkupLine($"Demo site serving on [link]{Markup.Escape(baseUrl)}[/]");

        var dataset = runtime.LoadDataset(paths, "demo");
        var started = runtime.Time.GetTimestamp();
        var results = await runtime.RunChainAsync(dataset, paths, only: null, token);
        Summary.PrintWhereToLook(runtime.Console, results, runtime.Verbose);
        var workspace = paths.WorkspaceOf(dataset);
        runtime.Console.MarkupLine($"  catalogue {Markup.Escape(Catalogue.Catalogue.Describe(workspace))}  (items, photos, faces, decisions, versions, runs)");
        var reportPath = Path.Combine(workspace.ReportsDirectory, ReportStage.JsonFileName);
        if (File.Exists(reportPath)
            && JsonSerializer.Deserialize<DatasetReport>(await File.ReadAllBytesAsync(reportPath, token), ReportStage.JsonOptions) is { } report)
        {
            runtime.Console.MarkupLine("[bold]What the demo shows:[/]");
            foreach (var line in DemoVerdict.Lines(report))
            {
                runtime.Console.MarkupLine($"  {Markup.Escape(line)}");
            }
        }

        runtime.Console.MarkupLine($"[green]Demo finished[/] in {runtime.Time.GetElapsedTime(started).TotalSeconds:0.0} s. Open the report above in a browser.");
        return 0;
    }

    /// <summary>Starts the demo site for <c>forge schedule --demo-site</c> and points the demo manifests at it.</summary>
    public static async Task<RunningDemoSite> StartSiteForScheduleAsync(ForgeRuntime runtime, CancellationToken token)
    {
        var site = await StartSiteAsync(5180, token);
        Environment.SetEnvironmentVariable(SiteVariable, site.BaseUrl.ToString().TrimEnd('/'));
        runtime.Console.MarkupLine($"Demo site serving on [link]{Markup.Escape(site.BaseUrl.ToString())}[/]");
        return site;
    }

    private static async Task<RunningDemoSite> StartSiteAsync(int port, CancellationToken token)
    {
        try
        {
            return await DemoSite.DemoSite.StartAsync(new DemoSiteOptions { Port = port }, token);
        }
        catch (IOException e) when (port != 0 && e.InnerException is SocketException or null)
        {
            return await DemoSite.DemoSite.StartAsync(new DemoSiteOptions { Port = 0 }, token);
        }
    }
}
