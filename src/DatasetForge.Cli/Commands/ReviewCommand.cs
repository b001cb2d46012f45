using System.CommandLine;
using System.Globalization;
using DatasetForge.Cli.Hosting;
using DatasetForge.Core.Workspace;
using DatasetForge.Curation.Review;
using Spectre.Console;

namespace DatasetForge.Cli.Commands;

/// <summary>
/// <c>forge review</c>: lists the decisions about persons (filtered by rule and status), or records a reviewer's
/// accept or reject of one person with a reason (that verdict overrides curation and survives its re-runs), or a
/// reviewer's label for an item (<c>--label &lt;id&gt; &lt;label&gt;</c>), which resolves a label conflict.
/// </summary>
internal static class ReviewCommand
{
    private static readonly Option<string?> Rule = new("--rule") { HelpName = "rule", Description = "Only decisions by this rule (no-face, duplicate, non-academic-role, review, …)." };

    private static readonly Option<string?> Status = new("--status") { HelpName = "status", Description = "Only persons with this status (kept or rejected)." };

    private static readonly Option<int> Limit = new("--limit") { HelpName = "count", Description = "Most rows listed (default 500).", DefaultValueFactory = _ => 500 };

    private static readonly Option<int?> Accept = new("--accept") { HelpName = "person-id", Description = "Keep this person (id), whatever the rules decided." };

    private static readonly Option<int?> Reject = new("--reject") { HelpName = "person-id", Description = "Reject this person (id), whatever the rules decided." };

    private static readonly Option<int?> NotSame = new("--not-same")
    {
        Description = "Take this person (id) out of the identity group their face descriptor put them in (see --rule same-person).",
        HelpName = "person-id",
    };

    private static readonly Option<string[]> Label = new("--label")
    {
        Arity = new ArgumentArity(2, 2),
        AllowMultipleArgumentsPerToken = true,
        HelpName = "item-id> <label",
        Description = "Give this item (id) this label, over the one its source lists: it resolves a label conflict (see --rule label-conflict); the next 'forge curate' applies it.",
    };

    private static readonly Option<string?> Reason = new("--reason") { HelpName = "text", Description = "Why (required with --accept, --reject, --label or --not-same)." };

    public static Command Create(ForgeRuntime runtime)
    {
        var command = new Command("review", "List curation decisions (--rule same-person: one person in different photos), accept or reject a person by hand (--accept/--reject <id> --reason \"…\"), set an item's label (--label <id> <label>: resolves a label conflict), or split a wrong identity match (--not-same <id>).")
        {
            CommonOptions.Dataset, Rule, Status, Limit, Accept, Reject, Label, NotSame, Reason,
        };
        command.SetAction((result, token) => CommandErrors.HandleAsync(runtime.Console, async () =>
        {
            var workspace = OpenWorkspace(CommonOptions.Paths(result), result.GetValue(CommonOptions.Dataset)!);
            await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, token);
            var (accept, reject) = (result.GetValue(Accept), result.GetValue(Reject));
            if (accept is not null && reject is not null)
            {
                throw new ArgumentException("Give --accept or --reject, not both.");
            }

            if (result.GetValue(Label) is { Length: > 0 } labelArguments)
            {
                if (accept is not null || reject is not null || result.GetValue(NotSame) is not null)
                {
                    throw new ArgumentException("Give --label alone, without --accept, --reject or --not-same.");
                }

                if (!int.TryParse(labelArguments[0], NumberStyles.None, CultureInfo.InvariantCulture, out var itemId))
                {
                    throw new ArgumentException($"--label takes the item id first, then the label (--label 42 econ); '{labelArguments[0]}' is not an item id.");
                }

                var relabelled = await ReviewLog.RecordLabelAsync(
                    catalogue, itemId, labelArguments[1], result.GetValue(Reason) ?? string.Empty, runtime.Time.GetUtcNow().UtcDateTime, token);
                runtime.Console.MarkupLine(
                    $"item #{relabelled.Id}: label set to [bold]{Markup.Escape(labelArguments[1].Trim())}[/] by review (listed as {Markup.Escape(relabelled.Label ?? "no label")}); the next 'forge curate' applies it and resolves its label conflict, and export uses it.");
                return 0;
            }

            if (result.GetValue(NotSame) is { } notSame)
            {
                if (accept is not null || reject is not null)
                {
                    throw new ArgumentException("Give --not-same alone, without --accept or --reject.");
                }

                var split = await ReviewLog.RecordNotSameAsync(catalogue, notSame, result.GetValue(Reason) ?? string.Empty, runtime.Time.GetUtcNow().UtcDateTime, token);
                runtime.Console.MarkupLine(
                    $"person #{split.Id}: recorded as [bold]not the same person[/] as their descriptor matches; the next 'forge curate' takes them out of that group.");
                return 0;
            }

            if ((accept ?? reject) is { } personId)
            {
                var person = await ReviewLog.RecordAsync(
                    catalogue, personId, accept is not null, result.GetValue(Reason) ?? string.Empty, runtime.Time.GetUtcNow().UtcDateTime, token);
                runtime.Console.MarkupLine(
                    $"person #{person.Id}: [bold]{(accept is not null ? "accepted" : "rejected")}[/] by review; status now {Markup.Escape(person.Status ?? "not curated yet")}. Curate keeps this verdict; the next export uses it.");
                return 0;
            }

            var status = result.GetValue(Status);
            if (status is not (null or "kept" or "rejected"))
            {
                throw new ArgumentException($"--status must be kept or rejected, not '{status}'.");
            }

            var entries = await ReviewLog.ListAsync(catalogue, result.GetValue(Rule), status, result.GetValue(Limit), token);
            Print(runtime.Console, entries);
            return 0;
        }));
        return command;
    }

    /// <summary>The dataset's folder, which must already hold a catalogue (review and forget never create one).</summary>
    public static DatasetWorkspace OpenWorkspace(ForgePaths paths, string dataset)
    {
        var workspace = paths.WorkspaceOf(dataset);
        if (!Catalogue.Catalogue.Exists(workspace))
        {
            throw new FileNotFoundException($"There is no catalogue at {Catalogue.Catalogue.Describe(workspace)}; run 'forge scrape -d {dataset}' and 'forge curate -d {dataset}' first.");
        }

        return workspace;
    }

    private static void Print(IAnsiConsole console, IReadOnlyList<ReviewEntry> entries)
    {
        if (entries.Count == 0)
        {
            console.WriteLine("No decisions match.");
            return;
        }

        var table = new Table().AddColumns("person", "name", "status", "stage", "rule", "outcome", "score", "reason");
        foreach (var e in entries)
        {
            table.AddRow(
                e.PersonId.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(e.Name),
                Markup.Escape(e.Status is null ? "-" : e.StatusRule is null ? e.Status : $"{e.Status} ({e.StatusRule})"),
                Markup.Escape(e.Stage),
                Markup.Escape(e.Rule),
                Markup.Escape(e.Outcome),
                e.Score is { } score ? score.ToString("0.###", CultureInfo.InvariantCulture) : "",
                Markup.Escape(e.Reason));
        }

        console.Write(table);
        console.WriteLine($"{entries.Count} decision(s) about {entries.Select(e => e.PersonId).Distinct().Count()} person(s).");
    }
}
