namespace DatasetForge.Cli.Tests;

public sealed class ManifestCheckCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("forge-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ManifestCheck_RepositoryManifests_ReportsValid()
    {
        var console = new ConsoleCapture();

        var code = await new ForgeApp(console.Console).RunAsync(
            ["manifest", "check", "--manifests", RepositoryPaths.Manifests, "--scrapers", RepositoryPaths.Scrapers]);

        code.ShouldBe(0, console.Text);
        console.Text.ShouldContain("valid");
    }

    [Fact]
    public async Task Run_ManifestWithMistake_ExitsWithTwoAndNamesFileLineAndField()
    {
        var dataset = Directory.CreateDirectory(Path.Combine(_root, "manifests", "mine")).FullName;
        File.WriteAllText(Path.Combine(dataset, "dataset.yaml"), "dataset: mine\nlabel: field\n");
        File.WriteAllText(Path.Combine(dataset, "cs.yaml"), "source: cs\nurl: http://127.0.0.1:9/cs\nprofile: card-grid\nlabel: cs\nselectors:\n  nmae: h3\n");
        var console = new ConsoleCapture();

        var code = await new ForgeApp(console.Console).RunAsync(
            ["run", "-d", "mine", "--manifests", Path.Combine(_root, "manifests"), "--scrapers", RepositoryPaths.Scrapers, "--workspace", Path.Combine(_root, "datasets")]);

        code.ShouldBe(2);
        console.Text.ShouldContain("cs.yaml:6:3: selectors.nmae: unknown field; did you mean 'name'?");
        Directory.Exists(Path.Combine(_root, "datasets", "mine")).ShouldBeFalse("nothing may run when a manifest is invalid");
    }

    [Fact]
    public async Task ManifestCheck_MissingFolder_FailsNamingIt()
    {
        var console = new ConsoleCapture();

        var code = await new ForgeApp(console.Console).RunAsync(
            ["manifest", "check", "--manifests", Path.Combine(_root, "nope"), "--scrapers", RepositoryPaths.Scrapers]);

        code.ShouldBe(2, console.Text);
        console.Text.ShouldContain("nope");
        console.Text.ShouldContain("no such folder");
    }

    [Fact]
    public async Task RunAndCheck_BadCron_AreRejectedWithFileLineAndField()
    {
        var dataset = Directory.CreateDirectory(Path.Combine(_root, "manifests", "mine")).FullName;
        File.WriteAllText(Path.Combine(dataset, "dataset.yaml"), "dataset: mine\nlabel: field\nschedule: every monday at 3\n");
        var check = new ConsoleCapture();
        var run = new ConsoleCapture();

        var checkCode = await new ForgeApp(check.Console).RunAsync(
            ["manifest", "check", "--manifests", Path.Combine(_root, "manifests"), "--scrapers", RepositoryPaths.Scrapers]);
        var runCode = await new ForgeApp(run.Console).RunAsync(
            ["run", "-d", "mine", "--manifests", Path.Combine(_root, "manifests"), "--scrapers", RepositoryPaths.Scrapers, "--workspace", Path.Combine(_root, "datasets")]);

        checkCode.ShouldBe(2, check.Text);
        check.Text.ShouldContain("dataset.yaml:3:11: schedule:");
        runCode.ShouldBe(2, run.Text);
        run.Text.ShouldContain("dataset.yaml:3:11: schedule:");
        Directory.Exists(Path.Combine(_root, "datasets", "mine")).ShouldBeFalse();
    }

    [Fact]
    public async Task ManifestRoles_PrintsBothBuiltInLists()
    {
        var console = new ConsoleCapture();

        var code = await new ForgeApp(console.Console).RunAsync(["manifest", "roles"]);

        code.ShouldBe(0, console.Text);
        console.Text.ShouldContain("academic");
        console.Text.ShouldContain("non-academic");
        console.Text.ShouldContain("Wissenschaftliche Mitarbeiter");
        console.Text.ShouldContain("Sekretariat");
        console.Text.ShouldContain("Büro");
    }

    [Fact]
    public async Task Run_UnknownDataset_ListsTheKnownOnes()
    {
        var console = new ConsoleCapture();

        var code = await new ForgeApp(console.Console).RunAsync(
            ["scrape", "-d", "nope", "--manifests", RepositoryPaths.Manifests, "--scrapers", RepositoryPaths.Scrapers, "--workspace", Path.Combine(_root, "datasets")]);

        code.ShouldBe(2);
        console.Text.ShouldContain("demo");
    }
}
