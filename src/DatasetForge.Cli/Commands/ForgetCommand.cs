using System.CommandLine;
using DatasetForge.Cli.Hosting;
using DatasetForge.Curation.Review;
using Spectre.Console;

namespace DatasetForge.Cli.Commands;

/// <summary>
/// <c>forge forget</c>: removes a person (<c>--person id</c>) or a photo (<c>--photo sha256</c>) for good: blob and crop
/// deleted, rows with the name gone, a takedown recorded so no refresh, curate or export brings them back.
/// </summary>
internal static class ForgetCommand
{
    private static readonly Option<int?> Person = new("--person") { HelpName = "person-id", Description = "The person's id (see forge review)." };

    private static readonly Option<string?> Photo = new("--photo") { HelpName = "sha256", Description = "The photo's sha256." };

    private static readonly Option<string?> Reason = new("--reason") { HelpName = "text", Description = "Why (required; kept with the takedown)." };

    public static Command Create(ForgeRuntime runtime)
    {
        var command = new Command("forget", "Remove a person or a photo for good (takedown): files deleted, never scraped or exported again.")
        {
            CommonOptions.Dataset, Person, Photo, Reason,
        };
        command.SetAction((result, token) => CommandErrors.HandleAsync(runtime.Console, async () =>
        {
            var workspace = ReviewCommand.OpenWorkspace(CommonOptions.Paths(result), result.GetValue(CommonOptions.Dataset)!);
            var (person, photo) = (result.GetValue(Person), result.GetValue(Photo));
            if ((person is null) == (photo is null))
            {
                throw new ArgumentException("Give exactly one of --person <id> or --photo <sha256>.");
            }

            var reason = result.GetValue(Reason) ?? string.Empty;
            // Forgetting deletes blobs and crops: never under a stage that reads or writes them.
            await using var lease = await runtime.LeaseAsync(workspace, token);
            var now = runtime.Time.GetUtcNow().UtcDateTime;
            await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, token);
            var forgotten = person is { } id
                ? await Takedowns.ForgetPersonAsync(workspace, catalogue, id, reason, now, token)
                : await Takedowns.ForgetPhotoAsync(workspace, catalogue, photo!, reason, now, token);

            runtime.Console.MarkupLine(person is { } p ? $"[green]forgotten[/]: person #{p}" : $"[green]forgotten[/]: photo {Markup.Escape(photo!)}");
            foreach (var file in forgotten.DeletedFiles)
            {
                runtime.Console.WriteLine($"  deleted {file}");
            }

            if (forgotten.PersonsWithoutPhoto.Count > 0)
            {
                runtime.Console.WriteLine($"  persons that used the photo, now without one: {string.Join(", ", forgotten.PersonsWithoutPhoto.Select(i => $"#{i}"))}");
            }

            if (forgotten.GroupMates.Count > 0)
            {
                runtime.Console.WriteLine($"  same duplicate group, not forgotten (forget them too if they are the same person): {string.Join(", ", forgotten.GroupMates.Select(i => $"#{i}"))}");
            }

            if (forgotten.Versions.Count > 0)
            {
                runtime.Console.MarkupLine($"  [yellow]versions cut earlier still hold a copy[/] (immutable; delete them if the takedown requires): {Markup.Escape(string.Join(", ", forgotten.Versions))}");
            }

            return 0;
        }));
        return command;
    }
}
