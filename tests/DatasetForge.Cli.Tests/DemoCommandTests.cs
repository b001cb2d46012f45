using System.Text.Json;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Assets;
using DatasetForge.Core.Evaluation;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;
using DatasetForge.DemoSite;
using DatasetForge.DemoSite.Truth;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Cli.Tests;

/// <summary>
/// The README's first command, in process: <c>forge demo</c> serves the demo site, runs the whole chain on it, and
/// leaves a catalogue, a version, a report and an evaluated run that match the site's truth.
/// </summary>
[Collection(nameof(DemoRunCollection))]
public sealed class DemoCommandTests(DemoRunFixture demo)
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Demo_ExitsWithZeroAndSaysWhereToLook()
    {
        demo.ExitCode.ShouldBe(0, demo.Output);
        demo.Output.ShouldContain("report.html");
        demo.Output.ShouldContain("evaluation.html");
        demo.Output.ShouldContain("catalogue.db");
    }

    [Fact]
    public async Task Demo_CatalogueHoldsEveryListedPersonWithItsLabel()
    {
        await using var catalogue = await demo.OpenCatalogueAsync();
        var persons = await catalogue.Items.Include(p => p.Source).ToListAsync();

        persons.Count.ShouldBe(demo.Truth.Count);
        foreach (var truth in demo.Truth)
        {
            var person = persons.Where(p => p.Name == truth.Name && p.Source!.Name == truth.Department.Source).ShouldHaveSingleItem();
            person.Label.ShouldBe(truth.ExpectedLabel);
            (person.Person?.Role).ShouldBe(truth.Role);
        }
    }

    [Fact]
    public async Task Demo_NonAcademicStaffAreRejectedByTheRoleRuleWithTheMatchedWord()
    {
        await using var catalogue = await demo.OpenCatalogueAsync();
        // The dark department's photos meet the brightness rule first.
        var nonAcademic = demo.Truth.Where(t => !t.IsAcademic && t.PhotoKind == DemoPhotoKind.Face && t.Department.Look == "plain").ToList();
        nonAcademic.Count.ShouldBeGreaterThanOrEqualTo(2);

        foreach (var truth in nonAcademic)
        {
            var person = await catalogue.Items.SingleAsync(p => p.Name == truth.Name);
            person.Status.ShouldBe(ItemStatus.Rejected, truth.Name);
            person.StatusRule.ShouldBe(Rules.NonAcademicRole, truth.Name);
            var decision = await catalogue.Decisions.SingleAsync(d => d.SubjectKind == SubjectKinds.Person && d.SubjectId == person.Id && d.Rule == Rules.NonAcademicRole);
            decision.Outcome.ShouldBe(nameof(DecisionOutcome.Rejected));
            decision.Reason.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public async Task Demo_PhotoWithoutAFaceAndPlaceholderAreRejectedWithReasons()
    {
        await using var catalogue = await demo.OpenCatalogueAsync();

        var faceless = demo.Truth.Single(t => t.PhotoKind == DemoPhotoKind.NoFace);
        var facelessPerson = await catalogue.Items.SingleAsync(p => p.Name == faceless.Name);
        facelessPerson.StatusRule.ShouldBe(Rules.NoFace);

        var placeholder = demo.Truth.Single(t => t.PhotoKind == DemoPhotoKind.Placeholder);
        var placeholderPerson = await catalogue.Items.SingleAsync(p => p.Name == placeholder.Name);
        placeholderPerson.Status.ShouldBe(ItemStatus.Rejected);
        placeholderPerson.StatusRule.ShouldBeOneOf(Rules.Placeholder, Rules.NoFace);

        foreach (var truth in demo.Truth.Where(t => t.PhotoKind is DemoPhotoKind.None or DemoPhotoKind.Missing or DemoPhotoKind.OffSite))
        {
            var person = await catalogue.Items.SingleAsync(p => p.Name == truth.Name);
            person.Status.ShouldBe(ItemStatus.Rejected, truth.Name);
            person.PhotoId.ShouldBeNull(truth.Name);
            (await catalogue.Decisions.AnyAsync(d => d.SubjectId == person.Id && d.Outcome == nameof(DecisionOutcome.Rejected) && (d.Rule == Rules.NoPhoto || d.Rule == Rules.Download)))
                .ShouldBeTrue(truth.Name);
        }
    }

    [Fact]
    public async Task Demo_PersonListedOnTwoPagesFormsOneGroupAndOneItemOrAConflict()
    {
        await using var catalogue = await demo.OpenCatalogueAsync();
        var shared = demo.Truth.Where(t => t.PhotoKind == DemoPhotoKind.Face).GroupBy(t => t.PhotoId).Single(g => g.Count() > 1).ToList();
        var names = shared.Select(t => t.Name).ToList();

        var persons = await catalogue.Items.Where(p => names.Contains(p.Name)).ToListAsync();

        persons.Count.ShouldBe(2);
        persons.Select(p => p.GroupId).Distinct().ShouldHaveSingleItem().ShouldNotBeNull();
        persons.Select(p => p.PhotoId).Distinct().ShouldHaveSingleItem().ShouldNotBeNull();
        if (persons.Select(p => p.Label).Distinct().Count() == 1)
        {
            // One person, one label: one item kept, the other listing is its duplicate.
            persons.Count(p => p.Status == ItemStatus.Kept).ShouldBe(1);
            persons.Single(p => p.Status == ItemStatus.Rejected).StatusRule.ShouldBe(Rules.Duplicate);
        }
        else
        {
            // One person under two labels is a conflict for a reviewer, not a silent first-wins.
            persons.ShouldAllBe(p => p.Status == ItemStatus.Rejected && p.StatusRule == Rules.LabelConflict);
        }
    }

    [Fact]
    public async Task Demo_ExportIsStratifiedWithinTwoItemsPerClassOfSixtyTwentyTwenty()
    {
        await using var catalogue = await demo.OpenCatalogueAsync();
        var version = await VersionHistory.NewestAsync(catalogue, includeItems: true);
        version.ShouldNotBeNull();
        var manifest = JsonSerializer.Deserialize<VersionManifest>(
            await File.ReadAllTextAsync(Path.Combine(demo.Workspace.Root, version.Path, VersionManifest.FileName)),
            VersionManifest.SerializerOptions)!;

        manifest.Classes.ShouldBe(["cs", "econ", "german", "mechanical"]);
        foreach (var label in manifest.Classes)
        {
            var count = version.Items.Count(i => i.Label == label);
            count.ShouldBeGreaterThan(0, label);
            foreach (var (split, ratio) in new[] { ("Train", 0.6), ("Validation", 0.2), ("Test", 0.2) })
            {
                var actual = version.Items.Count(i => i.Label == label && i.Split == split);
                // Identity groups (one person in several photos) move together, so a split may be off by up to two.
                Math.Abs(actual - (count * ratio)).ShouldBeLessThanOrEqualTo(2.0, $"{label} {split}: {actual} of {count}");
            }
        }

        version.Items.GroupBy(i => i.GroupId).ShouldAllBe(g => g.Select(i => i.Split).Distinct().Count() == 1);
        File.Exists(Path.Combine(demo.Workspace.Root, version.Path, "train.csv")).ShouldBeTrue();
        Directory.EnumerateFiles(Path.Combine(demo.Workspace.Root, version.Path, "train"), "*.png", SearchOption.AllDirectories).ShouldNotBeEmpty();
    }

    [Fact]
    public void Demo_SiteListsSixtyAcademicsAndEachFieldAtTwoUniversities()
    {
        demo.Truth.Count(t => t.IsAcademic).ShouldBeGreaterThanOrEqualTo(60);
        foreach (var field in demo.Truth.GroupBy(t => t.ExpectedLabel))
        {
            field.Select(t => t.Department.University).Distinct().Count().ShouldBeGreaterThanOrEqualTo(2, field.Key);
        }

        demo.Truth.Select(t => t.Department).Distinct().Where(d => d.Look != "plain").ShouldHaveSingleItem().Source.ShouldBe("suedheim-germanistik");
    }

    [Fact]
    public async Task Demo_EveryClassHasAtLeastThreeTestItemsAndNoPersonStraddlesSplits()
    {
        await using var catalogue = await demo.OpenCatalogueAsync();
        var version = await VersionHistory.NewestAsync(catalogue, includeItems: true);
        version.ShouldNotBeNull();

        foreach (var label in version.Items.Select(i => i.Label).Distinct())
        {
            version.Items.Count(i => i.Label == label && i.Split == "Test").ShouldBeGreaterThanOrEqualTo(3, label);
        }

        var groupOf = await catalogue.Items.ToDictionaryAsync(p => p.Id, p => p.GroupId);
        version.Items.GroupBy(i => groupOf[i.PersonId]).ShouldAllBe(g => g.Select(i => i.Split).Distinct().Count() == 1);
    }

    [Fact]
    public void Demo_ClosingLinesSayWhatTheAuditFoundAndWhatTheAccuracyIsWorth()
    {
        var closing = demo.Output[demo.Output.IndexOf("What the demo shows:", StringComparison.Ordinal)..];

        closing.ShouldContain("The audit found that the photos of 'suedheim-germanistik' look unlike the rest");
        closing.ShouldContain("where guessing among 4 classes scores 25.0%");
    }

    [Fact]
    public async Task Demo_ReportFlagsTheDarkDepartmentAndEvaluationBreaksResultsDownBySource()
    {
        var report = JsonSerializer.Deserialize<DatasetForge.Reporting.Model.DatasetReport>(
            await File.ReadAllTextAsync(Path.Combine(demo.Workspace.ReportsDirectory, "report.json")), WebJson)!;
        report.Flags.ShouldContain(f => f.Kind == "image-difference" && f.Facet == "source" && f.Subject == "suedheim-germanistik" && f.Message.Contains("brightness"));
        report.Flags.ShouldContain(f => f.Kind == "image-difference" && f.Facet == "source" && f.Subject == "suedheim-germanistik" && f.Message.Contains("JPEG quality"));

        await using var catalogue = await demo.OpenCatalogueAsync();
        var run = await catalogue.TrainingRuns.SingleAsync();
        var html = await File.ReadAllTextAsync(Path.Combine(demo.Workspace.Root, run.Path, "evaluation.html"));
        html.ShouldContain("suedheim-germanistik");
    }

    [Fact]
    public async Task Demo_ReportShowsWhatWasDroppedPerRuleWithoutNames()
    {
        var report = JsonSerializer.Deserialize<DatasetForge.Reporting.Model.DatasetReport>(
            await File.ReadAllTextAsync(Path.Combine(demo.Workspace.ReportsDirectory, "report.json")), WebJson)!;

        // Staff rejected by the role rule have face crops; the photo without a face is shown as stored.
        report.RejectedSheets.ShouldContain(s => s.Label.StartsWith(Rules.NonAcademicRole + " (", StringComparison.Ordinal) && s.Files.Count >= 2);
        report.RejectedSheets.ShouldContain(s => s.Label.StartsWith(Rules.NoFace + " (", StringComparison.Ordinal) && s.Files.All(f => f.StartsWith("store/", StringComparison.Ordinal)));
        var html = await File.ReadAllTextAsync(Path.Combine(demo.Workspace.ReportsDirectory, "report.html"));
        var dropped = html[html.IndexOf("What was dropped", StringComparison.Ordinal)..html.IndexOf("<h2>Funnel by source", StringComparison.Ordinal)];
        dropped.ShouldContain("data:image/jpeg;base64,");
        foreach (var truth in demo.Truth.Where(t => !t.IsAcademic))
        {
            dropped.ShouldNotContain(truth.Name);
        }
    }

    [Fact]
    public async Task Demo_TrainingRunRecordsItsVersionAndTestMetrics()
    {
        await using var catalogue = await demo.OpenCatalogueAsync();
        var run = await catalogue.TrainingRuns.SingleAsync();
        var version = await VersionHistory.NewestAsync(catalogue);

        run.VersionId.ShouldBe(version!.Id);
        run.Status.ShouldBe("evaluated");
        run.TestAccuracy.ShouldNotBeNull();
        var metrics = JsonSerializer.Deserialize<ClassificationMetrics>(
            await File.ReadAllTextAsync(Path.Combine(demo.Workspace.Root, run.Path, "metrics.json")),
            WebJson)!;
        metrics.VersionId.ShouldBe(version.Id);
        metrics.ConfusionMatrix.Count.ShouldBe(metrics.Classes.Count);
        metrics.PerClass.Count.ShouldBe(metrics.Classes.Count);
    }

    [Fact]
    public void Demo_ReportIsHtmlWithAChartAndJsonBesideIt()
    {
        var html = File.ReadAllText(Path.Combine(demo.Workspace.ReportsDirectory, "report.html"));
        html.ShouldContain("<svg");
        html.ShouldContain(Rules.NonAcademicRole);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(demo.Workspace.ReportsDirectory, "report.json")));
        json.RootElement.ValueKind.ShouldBe(JsonValueKind.Object);
    }

    [Fact]
    public async Task Demo_SecondRunChangesNothing()
    {
        await using (var before = await demo.OpenCatalogueAsync())
        {
            var persons = await before.Items.CountAsync();
            var decisions = await before.Decisions.CountAsync();
            var versions = await before.Versions.CountAsync();
            var runs = await before.TrainingRuns.CountAsync();

            var (code, output) = await demo.RunDemoAgainAsync();

            code.ShouldBe(0, output);
            await using var after = await demo.OpenCatalogueAsync();
            (await after.Items.CountAsync()).ShouldBe(persons);
            (await after.Decisions.CountAsync()).ShouldBe(decisions);
            (await after.Versions.CountAsync()).ShouldBe(versions);
            (await after.TrainingRuns.CountAsync()).ShouldBe(runs);
        }
    }
}

[CollectionDefinition(nameof(DemoRunCollection))]
public sealed class DemoRunCollection : ICollectionFixture<DemoRunFixture>;

/// <summary>Runs <c>forge demo</c> once for the collection into a temporary workspace, and holds the site's truth.</summary>
public sealed class DemoRunFixture : IAsyncLifetime
{
    private readonly TempWorkspace _temp = new("demo");
    private readonly SemaphoreSlim _rerun = new(1, 1);

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = string.Empty;

    public IReadOnlyList<DemoPerson> Truth { get; private set; } = [];

    public DatasetWorkspace Workspace => _temp.Workspace;

    public async Task InitializeAsync()
    {
        if (AssetLocator.FindRoot() is null)
        {
            // Builds with --artifacts-path outside the repository: point forge at the repository's asset cache.
            Environment.SetEnvironmentVariable(AssetLocator.EnvironmentVariable, Path.GetDirectoryName(Path.GetDirectoryName(TestAssets.SamplePhotosDirectory)) is { } faceApi
                ? Path.GetDirectoryName(faceApi)
                : null);
        }

        await using (var site = await DemoSite.DemoSite.StartAsync(new DemoSiteOptions { SamplePhotosDirectory = TestAssets.SamplePhotosDirectory, AssetsDirectory = TestAssets.Root }))
        {
            Truth = site.Persons;
        }

        (ExitCode, Output) = await RunDemoAsync();
    }

    public async Task<(int Code, string Output)> RunDemoAgainAsync()
    {
        await _rerun.WaitAsync();
        try
        {
            return await RunDemoAsync();
        }
        finally
        {
            _rerun.Release();
        }
    }

    public Task<CatalogueDbContext> OpenCatalogueAsync() => Catalogue.Catalogue.OpenAsync(Workspace);

    public Task DisposeAsync()
    {
        _temp.Dispose();
        _rerun.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(int, string)> RunDemoAsync()
    {
        var console = new ConsoleCapture();
        var code = await new ForgeApp(console.Console).RunAsync(
        [
            "demo", "--port", "0",
            "--manifests", RepositoryPaths.Manifests,
            "--scrapers", RepositoryPaths.Scrapers,
            "--workspace", _temp.RootDirectory,
        ]);
        return (code, console.Text);
    }
}
