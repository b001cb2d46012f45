using DatasetForge.Core.Pipeline;
using Spectre.Console;

namespace DatasetForge.Cli.Commands;

/// <summary>Prints what a chain produced and where a person should look.</summary>
internal static class Summary
{
    /// <summary>The counts table (zero counters left out unless <paramref name="verbose"/>) and the artifacts to open.</summary>
    public static void PrintWhereToLook(IAnsiConsole console, IReadOnlyList<StageResult> results, bool verbose = false)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("stage").AddColumn("counts");
        foreach (var result in results)
        {
            // Six counts a line keeps the table readable on a terminal and in a log alike.
            var lines = result.Counts
                .Where(c => verbose || c.Value != 0)
                .Select(c => $"{c.Key} {c.Value}")
                .Chunk(6)
                .Select(chunk => string.Join(", ", chunk));
            var text = string.Join(Environment.NewLine, lines);
            table.AddRow(result.Stage.ToString().ToLowerInvariant(), text.Length == 0 ? "[grey]all zero (--verbose shows them)[/]" : Markup.Escape(text));
        }

        console.Write(table);
        var artifacts = results.SelectMany(r => r.Artifacts.Select(a => (r.Stage, Path: a))).ToList();
        if (artifacts.Count == 0)
        {
            return;
        }

        console.MarkupLine("[bold]Where to look:[/]");
        foreach (var (stage, path) in artifacts)
        {
            console.MarkupLine($"  {stage.ToString().ToLowerInvariant(),-9} {Markup.Escape(Path.GetFullPath(path))}");
        }
    }
}
