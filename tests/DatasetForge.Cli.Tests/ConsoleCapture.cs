using Spectre.Console;

namespace DatasetForge.Cli.Tests;

/// <summary>A non-interactive Spectre console writing into a string, so tests read exactly what a user or a log would.</summary>
internal sealed class ConsoleCapture
{
    private readonly StringWriter _writer = new();

    public ConsoleCapture() =>
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_writer),
        });

    public IAnsiConsole Console { get; }

    public string Text => _writer.ToString();
}
