using DatasetForge.Cli;
using Microsoft.Extensions.Logging;
using Spectre.Console;

// Logs go to standard error so they never tear through the progress bars on standard output.
using var loggerFactory = LoggerFactory.Create(builder => builder
    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddSimpleConsole(o => o.SingleLine = true)
    .SetMinimumLevel(LogLevel.Warning)
    .AddFilter("DatasetForge", LogLevel.Warning));
return await new ForgeApp(AnsiConsole.Console, TimeProvider.System, loggerFactory).RunAsync(args);
