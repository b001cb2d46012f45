using DatasetForge.Core.Pipeline;
using Spectre.Console;

namespace DatasetForge.Cli.Commands;

/// <summary>Prints what a chain produced and where a person should look.</summary>
internal static class Summary
{
    public static void PrintWhereToLook(IAnsiConsole console, IReadOnlyList<StageResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("stage").AddColumn("counts");
        foreach (var result in results)
        {
            // Six counts a line keeps the table readable on a terminal and in a log alike.
            var lines = result.Counts
                .Select(c => $"{c.Key} {c.Value}")
                .Chunk(6)
                .Select(chunk => string.Join(", ", chunk));
            table.AddRow(result.Stage.ToString().ToLowerInvariant(), Markup.Escape(string.Join(Environment.NewLine, lines)));
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
