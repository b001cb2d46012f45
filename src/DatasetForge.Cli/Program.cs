using DatasetForge.Cli;
using Microsoft.Extensions.Logging;
using Spectre.Console;

// Logs go to standard error so they never tear through the progress bars on standard output.
using var loggerFactory = LoggerFactory.Create(builder => builder
    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddSimpleConsole(o => o.SingleLine = true)
    .SetMinimumLevel(LogLevel.Warning)
    .AddFilter("DatasetForge", LogLevel.Warning)
    // The scheduler's own lines (node started, chain started, recovered or finished on which node) are what a
    // cluster's operator reads; there are few of them.
    .AddFilter("DatasetForge.Scheduling", LogLevel.Information));
return await new ForgeApp(AnsiConsole.Console, TimeProvider.System, loggerFactory).RunAsync(args);
