using DatasetForge.Manifests;
using Spectre.Console;

namespace DatasetForge.Cli.Commands;

/// <summary>Turns failures into clear messages and exit codes: 2 for bad manifests, 130 for Ctrl-C, 1 otherwise.</summary>
internal static class CommandErrors
{
    public const int Failed = 1;
    public const int InvalidManifests = 2;
    public const int Cancelled = 130;

    /// <summary>Another process holds the dataset's lease and <c>--no-wait</c> was given (EX_TEMPFAIL: try again later).</summary>
    public const int Busy = 75;

    public static async Task<int> HandleAsync(IAnsiConsole console, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ManifestException e)
        {
            console.MarkupLine($"[red]The manifests have {e.Errors.Count} error(s); nothing was run:[/]");
            foreach (var error in e.Errors)
            {
                console.WriteLine("  " + error);
            }

            return InvalidManifests;
        }
        catch (Catalogue.Leasing.LeaseUnavailableException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return Busy;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]Cancelled.[/] Work finished so far is saved; the next run resumes from there.");
            return Cancelled;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or InvalidDataException or UnauthorizedAccessException or ArgumentException or HttpRequestException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(UserMessage(e))}");
            return Failed;
        }
    }

    /// <summary>The message a user reads: without .NET's " (Parameter 'name')" suffix of argument exceptions.</summary>
    public static string UserMessage(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        if (exception is ArgumentException { ParamName: { } name })
        {
            var suffix = $" (Parameter '{name}')";
            var at = message.IndexOf(suffix, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message.Remove(at, suffix.Length);
            }
        }

        return message;
    }
}
