using System.Text.Json;
using System.Text.RegularExpressions;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Evaluation;
using DatasetForge.Core.Pipeline;
using DatasetForge.Export;
using DatasetForge.Export.Tests.Support;
using DatasetForge.Reporting.Model;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Reporting.Tests;

public sealed partial class ReportStageTests : IDisposable
{
    private static readonly string[] Labels = ["cs", "economics", "german"];

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private readonly TestDataset _dataset = new();

    public void Dispose() => _dataset.Dispose();

    [Fact]
    public async Task RunAsync_writes_a_self_contained_html_report_and_json_with_the_same_numbers()
    {
        var (versionId, _) = await SeedAndExportAsync();

        var result = await new ReportStage().RunAsync(_dataset.Context);

        result.Stage.ShouldBe(PipelineStage.Report);
        var htmlPath = result.Artifacts.ShouldHaveSingleItem();
        htmlPath.ShouldBe(Path.Combine(_dataset.Workspace.ReportsDirectory, "report.html"));
        var html = await File.ReadAllTextAsync(htmlPath);
        html.ShouldContain("<svg");
        html.ShouldContain(versionId);
        html.ShouldContain("staff-fields");
        foreach (var label in Labels)
        {
            html.ShouldContain(label);
        }

        html.ShouldContain(Rules.NonAcademicRole);
        html.ShouldContain(Rules.NoFace);
        html.ShouldContain("role &#39;Sekretariat&#39;");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<link");
        ExternalReference().IsMatch(html).ShouldBeFalse();
        var report = await ReadJsonAsync();
        // Three labels, six samples each out of seven, plus the flagged cells' sheets and the rejected photos' sheets.
        report.RejectedSheets.ShouldNotBeEmpty();
        DataImage().Count(html).ShouldBe(18 + report.FlaggedSheets.Sum(s => s.Files.Count) + report.RejectedSheets.Sum(s => s.Files.Count));
        report.VersionId.ShouldBe(versionId);
        report.GeneratedAt.ShouldBe(_dataset.Clock.GetUtcNow().UtcDateTime);
        report.Funnel.ShouldBe(new FunnelCounts(Listed: 24, WithPhoto: 23, WithFace: 22, Kept: 21, Exported: 21));
        report.FunnelBySource.Select(f => f.Key).ShouldBe(["uni-a", "uni-b"]);
        report.FunnelBySource[1].Counts.ShouldBe(new FunnelCounts(10, 9, 8, 7, 7));
        report.FunnelByLabel.Single(f => f.Key == "cs").Counts.Listed.ShouldBe(10);
        report.Rejections.Select(r => (r.Stage, r.Rule, r.Count)).ShouldBe(
            [("scrape", Rules.NoPhoto, 1), ("curate", Rules.NoFace, 1), ("curate", Rules.NonAcademicRole, 1)]);
        report.Rejections.Single(r => r.Rule == Rules.NonAcademicRole).Examples.ShouldBe(["role 'Sekretariat'"]);

        var balance = report.Balance.ShouldNotBeNull();
        balance.Classes.ShouldBe(Labels);
        balance.Overall.Total.ShouldBe(21);
        balance.Overall.Counts["cs"].ShouldBe(7);
        balance.Overall.ImbalanceRatio.ShouldBe(1.0);
        balance.Overall.NormalisedEntropy!.Value.ShouldBe(1.0, 1e-9);
        balance.Splits.Select(s => s.Split).ShouldBe(["train", "validation", "test"]);
        // Seven per label: 4.9 / 1.4 / 0.7 become 5 / 1 / 1.
        balance.Splits[0].Counts["economics"].ShouldBe(5);
        balance.Splits[1].Counts["economics"].ShouldBe(1);
        balance.Splits[2].Counts["economics"].ShouldBe(1);

        report.LabelBySource.Basis.ShouldBe("exported items");
        report.LabelBySource.Rows.ShouldBe(Labels);
        report.LabelBySource.Columns.ShouldBe(["uni-a", "uni-b"]);
        report.LabelBySource.Cells.ShouldBe([[0, 7], [7, 0], [7, 0]]);
        report.LabelBySource.CramersV!.Value.ShouldBe(1.0, 1e-9);
        report.ContactSheets.Count.ShouldBe(3);
        report.ContactSheets.ShouldAllBe(s => s.Files.Count == 6);
        report.Training.ShouldBeNull();
        result.Counts["exported"].ShouldBe(21);
        result.Counts["classes"].ShouldBe(3);
    }

    [Fact]
    public async Task RunAsync_never_shows_the_names_of_people()
    {
        await SeedAndExportAsync();

        await new ReportStage().RunAsync(_dataset.Context);

        var html = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, "report.html"));
        var json = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, "report.json"));
        foreach (var text in new[] { html, json })
        {
            text.ShouldNotContain("Person cs");
            text.ShouldNotContain("uni.example");
        }
    }

    [Fact]
    public async Task RunAsync_counts_label_conflicts_open_and_resolved_once_per_person_without_names()
    {
        var source = await _dataset.AddSourceAsync("uni-c");
        Task<int> Add(string name, int? group, string? status = ItemStatus.Rejected) =>
            _dataset.AddPersonAsync(source, name, "cs", status: status, groupId: group, statusRule: status == ItemStatus.Rejected ? Rules.LabelConflict : null);
        var openA = await Add("Anna Open", null);
        var openB = await Add("Anna Open Again", openA);
        var alone = await Add("Bert Twice Listed", null);
        var resolvedA = await Add("Clara Resolved", null, ItemStatus.Kept);
        var resolvedB = await Add("Clara Resolved Again", resolvedA, ItemStatus.Kept);
        var relabelled = await Add("Dora Relabelled", null, ItemStatus.Kept);
        await using (var db = await _dataset.OpenAsync())
        {
            await db.Items.Where(p => p.Id == openA || p.Id == alone).ExecuteUpdateAsync(s => s.SetProperty(p => p.GroupId, p => p.Id));
            void Decide(int id, string rule, DecisionOutcome outcome, string reason, string stage = "curate") => db.Decisions.Add(new DecisionRecord
            {
                Stage = stage, SubjectKind = SubjectKinds.Person, SubjectId = id, Rule = rule, Outcome = outcome.ToString(), Reason = reason,
            });
            Decide(openA, Rules.LabelConflict, DecisionOutcome.Rejected, $"the same person is listed with different labels (#{openA} 'cs', #{openB} 'economics')");
            Decide(openB, Rules.LabelConflict, DecisionOutcome.Rejected, $"the same person is listed with different labels (#{openA} 'cs', #{openB} 'economics')");
            Decide(alone, Rules.LabelConflict, DecisionOutcome.Rejected, "the source lists the same person with different labels ('cs' on https://uni.example/cs/, 'german' on https://uni.example/de/)");
            Decide(resolvedA, Rules.LabelConflict, DecisionOutcome.Kept, $"resolved by review: #{resolvedA} labelled 'cs'");
            Decide(resolvedB, Rules.LabelConflict, DecisionOutcome.Kept, $"resolved by review: #{resolvedA} labelled 'cs'");
            Decide(relabelled, Rules.ReviewLabel, DecisionOutcome.Flagged, Catalogue.ReviewLabels.Encode("mechanical", "home department"), "review");
            await db.SaveChangesAsync();
        }

        await new ReportStage().RunAsync(_dataset.Context);

        var report = await ReadJsonAsync();
        report.LabelConflicts.ShouldBe(new LabelConflictCounts(Open: 2, Resolved: 1));
        report.FunnelByLabel.Single(f => f.Key == "mechanical").Counts.Kept.ShouldBe(1, "a reviewer's label counts over the listed one");
        var html = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, "report.html"));
        html.ShouldContain("Label conflicts (one person listed with different labels): 2 open");
        html.ShouldContain("1 resolved by review");
        var json = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, "report.json"));
        foreach (var text in new[] { html, json })
        {
            text.ShouldNotContain("Anna");
            text.ShouldNotContain("Clara");
            text.ShouldNotContain("uni.example/cs");
        }
    }

    [Fact]
    public async Task RunAsync_shows_rejection_reasons_with_url_paths_redacted_to_host_and_hash()
    {
        var source = await _dataset.AddSourceAsync("uni-c");
        var person = await _dataset.AddPersonAsync(source, "Harlan Ellison", "cs", withPhoto: false, status: null);
        const string Url = "https://photos.uni.test/staff/photos/ellison.jpg";
        await _dataset.AddRejectionAsync(person, "scrape", Rules.Download, $"could not download {Url}: HTTP 404 Not Found for {Url}.");

        await new ReportStage().RunAsync(_dataset.Context);

        var html = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, "report.html"));
        var json = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, "report.json"));
        var redacted = Core.Privacy.UrlRedaction.RedactUrl(Url);
        redacted.ShouldStartWith("https://photos.uni.test/…#");
        foreach (var text in new[] { html, json })
        {
            text.ShouldNotContain("ellison", Case.Insensitive);
            text.ShouldNotContain("/staff/photos");
        }

        (await ReadJsonAsync()).Rejections.Single(r => r.Rule == Rules.Download).Examples
            .ShouldBe([$"could not download {redacted}: HTTP 404 Not Found for {redacted}."]);
    }

    [Fact]
    public async Task RunAsync_with_an_evaluated_run_shows_its_metrics_and_links_its_evaluation_page()
    {
        var (versionId, _) = await SeedAndExportAsync();
        var runFolder = Path.Combine(_dataset.Workspace.RunsDirectory, "run-0001");
        Directory.CreateDirectory(runFolder);
        var metrics = new ClassificationMetrics
        {
            RunId = "run-0001",
            VersionId = versionId,
            Split = "test",
            Count = 3,
            Accuracy = 0.6667,
            MacroF1 = 0.5555,
            Classes = Labels,
            PerClass = [new("cs", 1, 1, 1, 1), new("economics", 0.5, 1, 0.6667, 1), new("german", 0, 0, 0, 1)],
            ConfusionMatrix = [[1, 0, 0], [0, 1, 0], [0, 1, 0]],
        };
        await File.WriteAllTextAsync(
            Path.Combine(runFolder, "metrics.json"), JsonSerializer.Serialize(metrics, WebJson));
        await File.WriteAllTextAsync(Path.Combine(runFolder, "evaluation.html"), "<html></html>");
        await using (var db = await _dataset.OpenAsync())
        {
            db.TrainingRuns.Add(new TrainingRunRecord
            {
                Id = "run-0001",
                VersionId = versionId,
                Model = "small-cnn",
                Device = "cpu",
                StartedAt = _dataset.Clock.GetUtcNow().UtcDateTime,
                FinishedAt = _dataset.Clock.GetUtcNow().UtcDateTime,
                TestAccuracy = 0.6667,
                Path = "runs/run-0001",
                Status = "evaluated",
            });
            await db.SaveChangesAsync();
        }

        await new ReportStage().RunAsync(_dataset.Context);

        var html = await File.ReadAllTextAsync(Path.Combine(_dataset.Workspace.ReportsDirectory, "report.html"));
        html.ShouldContain("run-0001");
        html.ShouldContain("accuracy 0.667");
        html.ShouldContain("macro F1 0.556");
        html.ShouldContain("Confusion matrix");
        html.ShouldContain("href=\"../runs/run-0001/evaluation.html\"");
        var training = (await ReadJsonAsync()).Training.ShouldNotBeNull();
        training.Model.ShouldBe("small-cnn");
        training.Metrics.Accuracy.ShouldBe(0.6667);
        training.Metrics.PerClass.Count.ShouldBe(3);
        training.Metrics.ConfusionMatrix[2].ShouldBe([0, 1, 0]);
        training.EvaluationPage.ShouldBe("../runs/run-0001/evaluation.html");
    }

    [Fact]
    public async Task RunAsync_before_any_export_reports_the_funnel_and_kept_persons_by_source()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        await _dataset.AddKeptAsync(source, ["cs"], 2);
        await _dataset.AddPersonAsync(source, "No Face", "cs", withFace: false, status: ItemStatus.Rejected);

        var result = await new ReportStage().RunAsync(_dataset.Context);

        File.Exists(result.Artifacts[0]).ShouldBeTrue();
        var report = await ReadJsonAsync();
        report.VersionId.ShouldBeNull();
        report.Balance.ShouldBeNull();
        report.Funnel.ShouldBe(new FunnelCounts(3, 3, 2, 2, 0));
        report.LabelBySource.Basis.ShouldBe("kept persons");
        report.LabelBySource.Cells.ShouldBe([[2]]);
        report.ContactSheets.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_after_a_second_version_compares_it_with_its_parent()
    {
        var (first, sourceA) = await SeedAndExportAsync();
        _dataset.Clock.Advance(TimeSpan.FromDays(1));
        await _dataset.AddKeptAsync(sourceA, ["cs"], 3, namePrefix: "Newcomer");
        await new ExportStage().RunAsync(_dataset.Context);

        await new ReportStage().RunAsync(_dataset.Context);

        var report = await ReadJsonAsync();
        report.ParentVersionId.ShouldBe(first);
        var comparison = report.Comparison.ShouldNotBeNull();
        comparison.Added.ShouldBe(3);
        comparison.Removed.ShouldBe(0);
        comparison.Counts["cs"].ShouldBe(10);
        comparison.ParentCounts["cs"].ShouldBe(7);
    }

    /// <summary>
    /// Source uni-a: 7 economics + 7 german kept. Source uni-b: 7 cs kept, one rejected for its role, one without a
    /// face, one without a photo, and one vanished. Exports a version; returns its id and uni-a's id.
    /// </summary>
    private async Task<(string VersionId, int SourceA)> SeedAndExportAsync()
    {
        var a = await _dataset.AddSourceAsync("uni-a");
        var b = await _dataset.AddSourceAsync("uni-b");
        await _dataset.AddKeptAsync(a, ["economics", "german"], 7);
        await _dataset.AddKeptAsync(b, ["cs"], 7);
        var secretary = await _dataset.AddPersonAsync(b, "Sam Secretary", "cs", status: ItemStatus.Rejected, statusRule: Rules.NonAcademicRole);
        await _dataset.AddRejectionAsync(secretary, "curate", Rules.NonAcademicRole, "role 'Sekretariat'");
        var faceless = await _dataset.AddPersonAsync(b, "Fay Faceless", "cs", withFace: false, status: ItemStatus.Rejected, statusRule: Rules.NoFace);
        await _dataset.AddRejectionAsync(faceless, "curate", Rules.NoFace, "no face above the score threshold");
        var photoless = await _dataset.AddPersonAsync(b, "Pia Photoless", "cs", withPhoto: false, status: null);
        await _dataset.AddRejectionAsync(photoless, "scrape", Rules.NoPhoto, "the page gave no photo URL");
        await _dataset.AddPersonAsync(b, "Vera Vanished", "cs", vanished: true);
        var export = await new ExportStage().RunAsync(_dataset.Context);
        return (Path.GetFileName(export.Artifacts[0]), a);
    }

    private async Task<DatasetReport> ReadJsonAsync()
    {
        await using var stream = File.OpenRead(Path.Combine(_dataset.Workspace.ReportsDirectory, "report.json"));
        return (await JsonSerializer.DeserializeAsync<DatasetReport>(stream, ReportStage.JsonOptions))!;
    }

    [GeneratedRegex("(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    [GeneratedRegex("<img src=\"data:image/png;base64,")]
    private static partial Regex DataImage();
}
