using System.Text;
using System.Text.Json;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;
using DatasetForge.Export.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Export.Tests;

public sealed class ExportStageTests : IDisposable
{
    private static readonly string[] Labels = ["cs", "economics", "german", "mechanical"];

    private readonly TestDataset _dataset = new();

    public void Dispose() => _dataset.Dispose();

    [Fact]
    public async Task RunAsync_first_export_writes_every_layout_and_records_the_version()
    {
        var source = await _dataset.AddSourceAsync("uni-a-cs");
        await _dataset.AddKeptAsync(source, Labels, 5);

        var result = await new ExportStage().RunAsync(_dataset.Context);

        result.Stage.ShouldBe(PipelineStage.Export);
        result.Counts["items"].ShouldBe(20);
        result.Counts["classes"].ShouldBe(4);
        result.Counts["train"].ShouldBe(12);
        result.Counts["validation"].ShouldBe(4);
        result.Counts["test"].ShouldBe(4);
        var folder = result.Artifacts.ShouldHaveSingleItem();
        Directory.Exists(folder).ShouldBeTrue();
        Directory.GetDirectories(_dataset.Workspace.VersionsDirectory, ".tmp-*").ShouldBeEmpty();

        var manifest = await ReadManifestAsync(folder);
        manifest.Classes.ShouldBe(Labels);
        manifest.Ratios.Keys.ShouldBe(["train", "validation", "test"]);
        manifest.Counts.Keys.ShouldBe(["train", "validation", "test"]);
        manifest.Counts["train"]["cs"].ShouldBe(3);
        manifest.Counts["validation"]["cs"].ShouldBe(1);
        manifest.Counts["test"]["cs"].ShouldBe(1);
        manifest.ParentId.ShouldBeNull();
        manifest.Items.Count.ShouldBe(20);
        foreach (var item in manifest.Items)
        {
            var file = Path.Combine(folder, item.File);
            File.Exists(file).ShouldBeTrue(item.File);
            (await ContentHash.OfFileAsync(file)).ShouldBe(item.Sha256);
            item.File.ShouldBe($"{item.Split}/{item.Label}/{item.Id}.png");
            item.Id.Length.ShouldBe(16);
        }

        (await File.ReadAllLinesAsync(Path.Combine(folder, "train.csv")))[0].ShouldBe("id,label");
        (await File.ReadAllLinesAsync(Path.Combine(folder, "test.csv"))).Length.ShouldBe(1 + 4);
        var itemsCsv = await File.ReadAllLinesAsync(Path.Combine(folder, "items.csv"));
        itemsCsv[0].ShouldBe("id,label,split,group,file,sha256");
        itemsCsv.Length.ShouldBe(21);
        var datasheet = await File.ReadAllTextAsync(Path.Combine(folder, "datasheet.md"));
        datasheet.ShouldContain("uni-a-cs");
        datasheet.ShouldContain(manifest.Id);

        await using var db = await _dataset.OpenAsync();
        var version = await db.Versions.Include(v => v.Items).SingleAsync();
        version.Id.ShouldBe(manifest.Id);
        version.Id.Length.ShouldBe(12);
        version.Ratios.ShouldBe("0.7/0.2/0.1");
        version.ItemCount.ShouldBe(20);
        version.Path.ShouldBe("versions/" + version.Id);
        version.CreatedAt.ShouldBe(_dataset.Clock.GetUtcNow().UtcDateTime);
        version.ManifestSha256.ShouldBe(await ContentHash.OfFileAsync(Path.Combine(folder, VersionManifest.FileName)));
        version.Items.Count.ShouldBe(20);
        (await db.StageRuns.SingleAsync()).Status.ShouldBe("succeeded");
    }

    [Fact]
    public async Task RunAsync_only_exports_kept_labelled_listed_persons_with_a_crop()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        var kept = await _dataset.AddPersonAsync(source, "Ada Kept", "cs");
        await _dataset.AddPersonAsync(source, "Rita Rejected", "cs", status: ItemStatus.Rejected, statusRule: Rules.NonAcademicRole);
        await _dataset.AddPersonAsync(source, "Vera Vanished", "cs", vanished: true);
        await _dataset.AddPersonAsync(source, "Nina Nolabel", null);
        await _dataset.AddPersonAsync(source, "Blank Label", "  ");
        await _dataset.AddPersonAsync(source, "Fay Faceless", "cs", withFace: false);
        await _dataset.AddPersonAsync(source, "Pia Photoless", "cs", withPhoto: false);
        await _dataset.AddPersonAsync(source, "Una Uncurated", "cs", status: null);

        var result = await new ExportStage().RunAsync(_dataset.Context);

        result.Counts["items"].ShouldBe(1);
        var items = await _dataset.VersionItemsAsync((await ReadManifestAsync(result.Artifacts[0])).Id);
        items.ShouldHaveSingleItem().PersonId.ShouldBe(kept);
    }

    [Fact]
    public async Task RunAsync_exports_a_reviewers_label_over_the_listed_one()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        var relabelled = await _dataset.AddPersonAsync(source, "Ada Relabelled", "cs");
        var unlabelled = await _dataset.AddPersonAsync(source, "Nina Nolabel", null);
        var untouched = await _dataset.AddPersonAsync(source, "Olga Other", "cs");
        await using (var db = await _dataset.OpenAsync())
        {
            foreach (var (id, label) in new[] { (relabelled, "economics"), (unlabelled, "german") })
            {
                db.Decisions.Add(new DecisionRecord
                {
                    Stage = Catalogue.ReviewLabels.Stage,
                    SubjectKind = SubjectKinds.Person,
                    SubjectId = id,
                    Rule = Rules.ReviewLabel,
                    Outcome = nameof(DecisionOutcome.Flagged),
                    Reason = Catalogue.ReviewLabels.Encode(label, "the home department"),
                });
            }

            await db.SaveChangesAsync();
        }

        var result = await new ExportStage().RunAsync(_dataset.Context);

        result.Counts["items"].ShouldBe(3);
        var items = await _dataset.VersionItemsAsync((await ReadManifestAsync(result.Artifacts[0])).Id);
        items.Single(i => i.PersonId == relabelled).Label.ShouldBe("economics");
        items.Single(i => i.PersonId == unlabelled).Label.ShouldBe("german");
        items.Single(i => i.PersonId == untouched).Label.ShouldBe("cs");
    }

    [Fact]
    public async Task RunAsync_with_nothing_to_export_writes_nothing()
    {
        var result = await new ExportStage().RunAsync(_dataset.Context);

        result.Counts["items"].ShouldBe(0);
        result.Artifacts.ShouldBeEmpty();
        Directory.GetFileSystemEntries(_dataset.Workspace.VersionsDirectory).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_second_run_without_changes_returns_the_same_version_and_writes_nothing()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        await _dataset.AddKeptAsync(source, Labels, 5);
        var first = await new ExportStage().RunAsync(_dataset.Context);
        var before = Snapshot(_dataset.Workspace.VersionsDirectory);
        _dataset.Clock.Advance(TimeSpan.FromHours(1));

        var second = await new ExportStage().RunAsync(_dataset.Context);

        second.Artifacts.ShouldBe(first.Artifacts);
        second.Counts["written"].ShouldBe(0);
        second.Counts["items"].ShouldBe(20);
        second.Counts["train"].ShouldBe(first.Counts["train"]);
        Snapshot(_dataset.Workspace.VersionsDirectory).ShouldBe(before);
        await using var db = await _dataset.OpenAsync();
        (await db.Versions.CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_after_new_persons_keeps_old_splits_and_names_the_old_version_as_parent()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        await _dataset.AddKeptAsync(source, Labels, 5);
        var first = await ReadManifestAsync((await new ExportStage().RunAsync(_dataset.Context)).Artifacts[0]);
        _dataset.Clock.Advance(TimeSpan.FromDays(1));
        await _dataset.AddKeptAsync(source, Labels, 6, namePrefix: "Newcomer");

        var result = await new ExportStage().RunAsync(_dataset.Context);

        var second = await ReadManifestAsync(result.Artifacts[0]);
        second.Id.ShouldNotBe(first.Id);
        second.ParentId.ShouldBe(first.Id);
        second.Items.Count.ShouldBe(44);
        var now = second.Items.ToDictionary(i => i.Id);
        foreach (var old in first.Items)
        {
            now[old.Id].Split.ShouldBe(old.Split, old.Id);
        }

        foreach (var label in Labels)
        {
            // 11 per label: targets 8/2/1 (7.7, 2.2, 1.1); the old 3/1/1 fits inside them.
            second.Counts["train"][label].ShouldBe(8);
            second.Counts["validation"][label].ShouldBe(2);
            second.Counts["test"][label].ShouldBe(1);
        }

        Directory.Exists(Path.Combine(_dataset.Workspace.VersionsDirectory, first.Id)).ShouldBeTrue();
        await using var db = await _dataset.OpenAsync();
        (await db.Versions.CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_keeps_a_duplicate_group_in_one_split()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        var other = await _dataset.AddSourceAsync("uni-b");
        await _dataset.AddKeptAsync(source, Labels, 6);
        var first = await _dataset.AddPersonAsync(source, "Grace Group", "cs");
        await _dataset.AddPersonAsync(other, "Grace Group (second page)", "cs", groupId: first);
        await _dataset.AddPersonAsync(other, "Grace Group (third page)", "cs", groupId: first);

        var result = await new ExportStage().RunAsync(_dataset.Context);

        var manifest = await ReadManifestAsync(result.Artifacts[0]);
        var group = manifest.Items.Where(i => i.Group == first).ToList();
        group.Count.ShouldBe(3);
        group.Select(i => i.Split).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_is_deterministic_for_a_seed()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        await _dataset.AddKeptAsync(source, Labels, 8);
        var first = await ReadManifestAsync((await new ExportStage().RunAsync(_dataset.Context)).Artifacts[0]);

        // The same catalogue content in a fresh dataset gives the same splits and the same id.
        using var twin = new TestDataset();
        var twinSource = await twin.AddSourceAsync("uni-a");
        await twin.AddKeptAsync(twinSource, Labels, 8);
        var second = await ReadManifestAsync((await new ExportStage().RunAsync(twin.Context)).Artifacts[0]);

        second.Id.ShouldBe(first.Id);
        second.Items.Select(i => (i.Id, i.Split)).ShouldBe(first.Items.Select(i => (i.Id, i.Split)));
    }

    [Fact]
    public async Task RunAsync_never_writes_names_or_profile_urls_into_the_version()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        await _dataset.AddKeptAsync(source, Labels, 3);
        await _dataset.AddPersonAsync(source, "Zebulon Quixotic-Smythe", "cs");
        await _dataset.AddRejectionAsync(
            await _dataset.AddPersonAsync(source, "Rejected Secretary", "cs", status: ItemStatus.Rejected),
            "curate",
            Rules.NonAcademicRole,
            "role 'Sekretariat' of Rejected Secretary");

        var result = await new ExportStage().RunAsync(_dataset.Context);

        var forbidden = new[] { "Zebulon", "Quixotic", "Rejected Secretary", "uni.example", "Person cs 0" };
        foreach (var file in Directory.EnumerateFiles(result.Artifacts[0], "*", SearchOption.AllDirectories))
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            foreach (var word in forbidden)
            {
                text.ShouldNotContain(word, Case.Insensitive, $"{word} in {file}");
            }
        }

        var datasheet = await File.ReadAllTextAsync(Path.Combine(result.Artifacts[0], "datasheet.md"));
        datasheet.ShouldContain(Rules.NonAcademicRole);
    }

    [Fact]
    public async Task RunAsync_puts_unsafe_labels_in_safe_folders_inside_their_split()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        await _dataset.AddKeptAsync(source, ["../../escape", "a/b", "Ökonomie"], 4);

        var result = await new ExportStage().RunAsync(_dataset.Context);

        var folder = result.Artifacts[0];
        var manifest = await ReadManifestAsync(folder);
        manifest.Items.Count.ShouldBe(12);
        foreach (var item in manifest.Items)
        {
            var full = Path.GetFullPath(Path.Combine(folder, item.File));
            full.ShouldStartWith(Path.Combine(folder, item.Split) + Path.DirectorySeparatorChar);
            item.File.Split('/').Length.ShouldBe(3);
            File.Exists(full).ShouldBeTrue();
        }

        Directory.GetDirectories(_dataset.Workspace.Root).Select(Path.GetFileName)
            .ShouldBe(["crops", "reports", "runs", "store", "versions"], ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_skips_a_crop_whose_file_no_longer_matches_its_hash()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        await _dataset.AddKeptAsync(source, ["cs"], 3);
        await using (var db = await _dataset.OpenAsync())
        {
            var face = await db.Faces.OrderBy(f => f.Id).FirstAsync();
            await File.WriteAllBytesAsync(Path.Combine(_dataset.Workspace.Root, face.CropPath!), TestPng.Create(9999));
        }

        var result = await new ExportStage().RunAsync(_dataset.Context);

        result.Counts["items"].ShouldBe(2);
        result.Counts["skipped"].ShouldBe(1);
    }

    private static async Task<VersionManifest> ReadManifestAsync(string folder)
    {
        await using var stream = File.OpenRead(Path.Combine(folder, VersionManifest.FileName));
        return (await JsonSerializer.DeserializeAsync<VersionManifest>(stream, VersionManifest.SerializerOptions))!;
    }

    private static List<string> Snapshot(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(p => p + ":" + (File.Exists(p) ? ContentHash.Of(File.ReadAllBytes(p)) : "dir"))];
}
