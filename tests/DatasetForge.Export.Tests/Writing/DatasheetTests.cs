using System.Text;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using DatasetForge.Export.Tests.Support;

namespace DatasetForge.Export.Tests.Writing;

public sealed class DatasheetTests : IDisposable
{
    private static readonly byte[] Descriptor = [.. Enumerable.Range(0, 128).SelectMany(i => BitConverter.GetBytes(0.0321f + (i * 0.0057f)))];

    private readonly TestDataset _dataset = new();

    public void Dispose() => _dataset.Dispose();

    [Fact]
    public async Task Datasheet_counts_the_exported_items_estimates_by_gender_and_age_band_and_names_the_model()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        float[] ages = [17.25f, 24.5f, 29.75f, 30.25f, 44.5f, 61.75f];
        for (var i = 0; i < ages.Length; i++)
        {
            var id = await _dataset.AddPersonAsync(source, $"Person {i}", i % 2 == 0 ? "cs" : "econ");
            await _dataset.SetEstimatesAsync(id, ages[i], i < 4 ? "female" : "male", 0.8125f, Descriptor);
        }

        // Estimated but not exported: a rejected person's estimate is not the version's.
        var rejected = await _dataset.AddPersonAsync(source, "Rejected", "cs", status: ItemStatus.Rejected, statusRule: Rules.Blur);
        await _dataset.SetEstimatesAsync(rejected, 55.5f, "male", 0.9f, Descriptor);
        // Exported without an estimate.
        await _dataset.AddPersonAsync(source, "Unanalysed", "econ");

        var result = await new ExportStage().RunAsync(_dataset.Context);

        var datasheet = await File.ReadAllTextAsync(Path.Combine(result.Artifacts[0], "datasheet.md"));
        datasheet.ShouldContain("## Demographic estimates");
        datasheet.ShouldContain(TestDataset.EstimatesModel);
        datasheet.ShouldContain("estimates, not facts");
        datasheet.ShouldContain("UTKFace");
        datasheet.ShouldContain("- Items with an estimate: 6 of 7.");
        datasheet.ShouldContain("- Estimated gender: female 4, male 2, no estimate 1.");
        datasheet.ShouldContain("- Estimated age band: under 20 1, 20-29 2, 30-39 1, 40-49 1, 50-59 0, 60 and over 1, no estimate 1.");
        datasheet.ShouldContain("individual estimates stay in the catalogue");
    }

    [Fact]
    public async Task Datasheet_names_the_sources_that_override_robots_txt_or_noai()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        await _dataset.AddPersonAsync(source, "Person 0", "cs");
        await _dataset.AddPersonAsync(source, "Person 1", "econ");
        var scraper = new Core.Definitions.ScraperProfile { Name = "grid", Selectors = new Core.Definitions.SelectorSet() };
        var definition = new Core.Definitions.DatasetDefinition
        {
            Name = _dataset.Definition.Name,
            Label = _dataset.Definition.Label,
            Sources =
            [
                new Core.Definitions.SourceManifest { Name = "uni-a", Dataset = _dataset.Definition.Name, Scraper = scraper, IgnoreNoAi = true },
                new Core.Definitions.SourceManifest { Name = "uni-b", Dataset = _dataset.Definition.Name, Scraper = scraper, IgnoreRobotsTxt = true },
                new Core.Definitions.SourceManifest { Name = "uni-c", Dataset = _dataset.Definition.Name, Scraper = scraper },
            ],
        };

        var result = await new ExportStage().RunAsync(new StageContext(definition, _dataset.Workspace, new Progress<StageProgress>(), _dataset.Clock));

        var datasheet = await File.ReadAllTextAsync(Path.Combine(result.Artifacts[0], "datasheet.md"));
        datasheet.ShouldContain("## Crawling policy");
        datasheet.ShouldContain("- `uni-a` sets `ignoreNoAi`");
        datasheet.ShouldContain("- `uni-b` sets `ignoreRobotsTxt`");
        datasheet.ShouldNotContain("`uni-c` sets");
    }

    [Fact]
    public async Task Version_files_hold_no_individual_estimate_and_no_descriptor()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        for (var i = 0; i < 4; i++)
        {
            var id = await _dataset.AddPersonAsync(source, $"Person {i}", "cs");
            await _dataset.SetEstimatesAsync(id, 33.25f + i, "female", 0.8125f, Descriptor);
        }

        var result = await new ExportStage().RunAsync(_dataset.Context);

        var forbidden = new[]
        {
            Convert.ToBase64String(Descriptor)[..24], Convert.ToHexString(Descriptor)[..24], "0.8125", "33.25", "34.25", "35.25", "36.25",
            "estimatedAge", "estimatedGender", "\"descriptor\"", "descriptor,",
        };
        foreach (var file in Directory.EnumerateFiles(result.Artifacts[0], "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".png", StringComparison.Ordinal)))
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            foreach (var word in forbidden)
            {
                text.ShouldNotContain(word, Case.Insensitive, $"{word} in {file}");
            }
        }

        // Only the datasheet speaks of estimates, and only as counts.
        var datasheet = await File.ReadAllTextAsync(Path.Combine(result.Artifacts[0], "datasheet.md"));
        datasheet.ShouldContain("- Estimated gender: female 4, male 0, no estimate 0.");
    }

    [Fact]
    public async Task Datasheet_without_estimates_says_none_were_made()
    {
        var source = await _dataset.AddSourceAsync("uni-a");
        await _dataset.AddKeptAsync(source, ["cs", "econ"], 3);

        var result = await new ExportStage().RunAsync(_dataset.Context);

        var datasheet = await File.ReadAllTextAsync(Path.Combine(result.Artifacts[0], "datasheet.md"));
        datasheet.ShouldContain("## Demographic estimates");
        datasheet.ShouldContain("No demographic estimates were made for the items of this version (curation.demographics is false, or no face was analysed).");
        datasheet.ShouldNotContain("Estimated gender:");
    }
}
