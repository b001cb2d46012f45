using System.Text.Json;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Versions;
using DatasetForge.Export.Tests.Support;
using DatasetForge.Export.Versions;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Export.Tests.Versions;

public sealed class VersionLayoutsTests : IDisposable
{
    private readonly TestDataset _dataset = new();

    public void Dispose() => _dataset.Dispose();

    [Fact]
    public async Task Export_fills_facets_and_writes_json_lines_without_names_or_urls()
    {
        var source = await _dataset.AddSourceAsync("uni-a-cs");
        await _dataset.AddPersonAsync(source, "Ada Lovelace", "cs", role: "Wissenschaftliche Mitarbeiterin, Doktorandin",
            facetsJson: """{"university":"TU A","gender":"f","name":"Ada Lovelace","homepage":"https://a.example/ada","field":"cs"}""");
        await _dataset.AddPersonAsync(source, "Alan Turing", "cs", role: "Professor");

        var result = await new ExportStage().RunAsync(_dataset.Context);

        var folder = result.Artifacts[0];
        var manifest = await ReadManifestAsync(folder);
        var facets = manifest.Items.Select(i => i.Facets.ShouldNotBeNull()).ToList();
        facets.ShouldContain(f => f["university"] == "TU A" && f["gender"] == "f" && f["role category"] == "doctoral" && f["source"] == "uni-a-cs");
        facets.ShouldContain(f => f["role category"] == "professor" && !f.ContainsKey("university"));
        facets.ShouldAllBe(f => !f.ContainsKey("name") && !f.ContainsKey("homepage") && !f.ContainsKey("field"));

        var lines = await File.ReadAllLinesAsync(Path.Combine(folder, "items.jsonl"));
        lines.Length.ShouldBe(2);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var id = json.RootElement.GetProperty("id").GetString();
            var item = manifest.Items.Single(i => i.Id == id);
            json.RootElement.GetProperty("split").GetString().ShouldBe(item.Split);
            json.RootElement.GetProperty("sha256").GetString().ShouldBe(item.Sha256);
            json.RootElement.GetProperty("facets").GetProperty("source").GetString().ShouldBe("uni-a-cs");
        }

        foreach (var file in Directory.GetFiles(folder, "*.*", SearchOption.TopDirectoryOnly))
        {
            var text = await File.ReadAllTextAsync(file);
            text.ShouldNotContain("Lovelace", customMessage: file);
            text.ShouldNotContain("a.example", customMessage: file);
            text.ShouldNotContain("uni.example", customMessage: file);
        }
    }

    [Fact]
    public async Task Export_with_folds_assigns_grouped_stratified_folds_to_train_and_validation_only()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        await _dataset.AddKeptAsync(source, ["cs", "economics"], 20);
        // A duplicate group of three persons: one fold for all.
        var group = await _dataset.AddPersonAsync(source, "Twin 0", "cs");
        await _dataset.AddPersonAsync(source, "Twin 1", "cs", groupId: group);
        await _dataset.AddPersonAsync(source, "Twin 2", "cs", groupId: group);

        var result = await new ExportStage(new ExportOptions { Folds = 5 }).RunAsync(_dataset.Context);

        var folder = result.Artifacts[0];
        var folds = (await VersionFolds.ReadAsync(folder)).ShouldNotBeNull();
        VersionFolds.Count(folds).ShouldBe(5);
        var manifest = await ReadManifestAsync(folder);
        var byId = manifest.Items.ToDictionary(i => i.Id);
        folds.Keys.ShouldAllBe(id => byId[id].Split != "test");
        folds.Count.ShouldBe(manifest.Items.Count(i => i.Split != "test"));
        foreach (var members in manifest.Items.Where(i => i.Split != "test").GroupBy(i => i.Group))
        {
            members.Select(m => folds[m.Id]).Distinct().Count().ShouldBe(1);
        }

        foreach (var label in new[] { "economics" })
        {
            var perFold = folds.Where(p => byId[p.Key].Label == label).GroupBy(p => p.Value).Select(g => g.Count()).ToList();
            perFold.Count.ShouldBe(5);
            (perFold.Max() - perFold.Min()).ShouldBeLessThanOrEqualTo(1);
        }

        (await File.ReadAllLinesAsync(Path.Combine(folder, "items.jsonl"))).Count(l => l.Contains("\"fold\":")).ShouldBe(folds.Count);

        // Same content and folds again: nothing new. New items: old items keep their fold.
        var again = await new ExportStage(new ExportOptions { Folds = 5 }).RunAsync(_dataset.Context);
        again.Counts["written"].ShouldBe(0);
        await _dataset.AddKeptAsync(source, ["cs"], 6, namePrefix: "Newcomer");
        var next = await new ExportStage(new ExportOptions { Folds = 5 }).RunAsync(_dataset.Context);
        var nextFolds = (await VersionFolds.ReadAsync(next.Artifacts[0])).ShouldNotBeNull();
        foreach (var (id, fold) in folds)
        {
            nextFolds[id].ShouldBe(fold);
        }
    }

    [Fact]
    public async Task Verifier_finds_a_tampered_and_a_missing_file_and_a_clean_version_is_intact()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        await _dataset.AddKeptAsync(source, ["cs", "economics"], 5);
        var folder = (await new ExportStage().RunAsync(_dataset.Context)).Artifacts[0];
        VersionRecord version;
        await using (var db = await _dataset.OpenAsync())
        {
            version = await db.Versions.AsNoTracking().SingleAsync();
        }

        (await VersionVerifier.VerifyAsync(_dataset.Workspace, version)).IsIntact.ShouldBeTrue();

        var manifest = await ReadManifestAsync(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, manifest.Items[0].File), [1, 2, 3]);
        File.Delete(Path.Combine(folder, manifest.Items[1].File));
        var verification = await VersionVerifier.VerifyAsync(_dataset.Workspace, version);

        verification.IsIntact.ShouldBeFalse();
        verification.Problems.Count.ShouldBe(2);
        verification.Problems.ShouldContain(p => p.Contains(manifest.Items[0].Id) && p.Contains("was altered"));
        verification.Problems.ShouldContain(p => p.Contains(manifest.Items[1].Id) && p.Contains("is missing"));

        await File.AppendAllTextAsync(Path.Combine(folder, VersionManifest.FileName), " ");
        (await VersionVerifier.VerifyAsync(_dataset.Workspace, version)).Problems.ShouldContain(p => p.Contains("manifest.json was altered"));
    }

    [Fact]
    public async Task Comparer_reports_added_removed_and_no_moved_items_across_a_refresh()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        var ids = await _dataset.AddKeptAsync(source, ["cs", "economics"], 10);
        var first = Path.GetFileName((await new ExportStage().RunAsync(_dataset.Context)).Artifacts[0]);
        await using (var db = await _dataset.OpenAsync())
        {
            var gone = await db.Items.SingleAsync(p => p.Id == ids["cs"][0]);
            gone.Vanished = true;
            await db.SaveChangesAsync();
        }

        await _dataset.AddKeptAsync(source, ["economics"], 4, namePrefix: "Newcomer");
        var second = Path.GetFileName((await new ExportStage().RunAsync(_dataset.Context)).Artifacts[0]);

        var difference = VersionComparer.Compare(first, await _dataset.VersionItemsAsync(first), second, await _dataset.VersionItemsAsync(second));

        difference.Added.ShouldBe(4);
        difference.Removed.ShouldBe(1);
        difference.MovedSplit.ShouldBe(0);
        difference.Relabelled.ShouldBe(0);
        difference.CountsFrom[VersionComparer.AllSplits]["economics"].ShouldBe(10);
        difference.CountsTo[VersionComparer.AllSplits]["economics"].ShouldBe(14);
        difference.CountsTo[VersionComparer.AllSplits]["cs"].ShouldBe(9);
    }

    private static async Task<VersionManifest> ReadManifestAsync(string folder)
    {
        await using var stream = File.OpenRead(Path.Combine(folder, VersionManifest.FileName));
        return (await JsonSerializer.DeserializeAsync<VersionManifest>(stream, VersionManifest.SerializerOptions))!;
    }
}
