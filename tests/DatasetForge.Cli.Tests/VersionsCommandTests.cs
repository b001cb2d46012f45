namespace DatasetForge.Cli.Tests;

/// <summary><c>forge versions</c> on the version the demo exported: listed, shown intact, and tampering noticed.</summary>
[Collection(nameof(DemoRunCollection))]
public sealed class VersionsCommandTests(DemoRunFixture demo)
{
    [Fact]
    public async Task VersionsList_ShowsTheDemoVersion_AndShowVerifiesItIntact()
    {
        var version = Directory.GetDirectories(demo.Workspace.VersionsDirectory).Select(Path.GetFileName).Single(n => !n!.StartsWith('.'))!;

        var (listCode, list) = await RunAsync("versions", "list");
        var (showCode, show) = await RunAsync("versions", "show", version);

        listCode.ShouldBe(0, list);
        list.ShouldContain(version);
        showCode.ShouldBe(0, show);
        show.ShouldContain("verified");
    }

    [Fact]
    public async Task VersionsShow_UnknownVersion_Fails()
    {
        var (code, output) = await RunAsync("versions", "show", "ffffffffffff");

        code.ShouldNotBe(0);
        output.ShouldContain("ffffffffffff");
    }

    private async Task<(int, string)> RunAsync(params string[] args)
    {
        var console = new ConsoleCapture();
        var code = await new ForgeApp(console.Console).RunAsync(
            [.. args, "-d", "demo", "--manifests", RepositoryPaths.Manifests, "--scrapers", RepositoryPaths.Scrapers, "--workspace", Path.GetDirectoryName(demo.Workspace.Root)!]);
        return (code, console.Text);
    }
}
