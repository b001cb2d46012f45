using DatasetForge.Cli.Commands;
using DatasetForge.Scraping;
using DatasetForge.Testing;

namespace DatasetForge.Cli.Tests;

/// <summary>What a user reads: no .NET internals, placeholders that say what they take, one version everywhere.</summary>
public sealed class MessagesTests : IDisposable
{
    private readonly TempWorkspace _temp = new("demo");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Train_WithNothingExported_ExitsNonZeroAndSaysToExportFirst()
    {
        var (code, output) = await ForgeAsync("train");

        code.ShouldNotBe(0, output);
        output.ShouldContain("has no exported version to train on; run 'forge export' first");
    }

    [Fact]
    public async Task Evaluate_WrongVotingValue_IsAnsweredInWordsWithoutATypeName()
    {
        var (code, output) = await ForgeAsync("evaluate", "--ensemble", "a", "b", "--voting", "loudest");

        code.ShouldNotBe(0, output);
        output.ShouldContain("--voting takes majority or weighted, not 'loudest'");
        output.ShouldNotContain("DatasetForge.");
    }

    [Fact]
    public void UserMessage_ArgumentException_LosesTheParameterSuffix()
    {
        var message = CommandErrors.UserMessage(new ArgumentException("A reason is required.", "reason"));

        message.ShouldBe("A reason is required.");
    }

    [Fact]
    public async Task Help_PlaceholdersNameWhatTheyTake()
    {
        var (_, train) = await ForgeAsync("train", "--help");
        var (_, review) = await ForgeAsync("review", "--help");

        train.ShouldContain("--resume <run-id>");
        review.ShouldContain("--accept <person-id>");
        review.ShouldContain("--workspace <folder>");
    }

    [Fact]
    public async Task Version_AgreesWithTheUserAgent()
    {
        // forge itself, as a user runs it: in the test host the entry assembly would be the test runner.
        using var forge = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "forge.dll"), "--version"])
        {
            RedirectStandardOutput = true,
        })!;
        var output = await forge.StandardOutput.ReadToEndAsync();
        await forge.WaitForExitAsync();
        var code = forge.ExitCode;

        var version = output.Trim().Split('+')[0];
        version.ShouldBe(ScrapeOptions.ProductVersion);
        ScrapeOptions.DefaultUserAgent.ShouldStartWith($"DatasetForge/{version} ");
    }

    private async Task<(int, string)> ForgeAsync(params string[] args)
    {
        var console = new ConsoleCapture();
        var code = await new ForgeApp(console.Console).RunAsync(
            [.. args, "--manifests", RepositoryPaths.Manifests, "--scrapers", RepositoryPaths.Scrapers, "--workspace", _temp.RootDirectory]);
        return (code, console.Text);
    }
}
