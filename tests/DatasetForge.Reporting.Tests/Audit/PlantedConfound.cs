using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using DatasetForge.Export;
using DatasetForge.Export.Tests.Support;

namespace DatasetForge.Reporting.Tests.Audit;

/// <summary>
/// A dataset with planted problems: label "dark-field" comes only from source "uni-dark", whose photos are much darker
/// (grey level 40 against 150); face detection fails on 8 of 20 "economics" persons and on no one else.
/// </summary>
internal static class PlantedConfound
{
    public const string DarkLabel = "dark-field";
    public const string DarkSource = "uni-dark";

    public static async Task<string> SeedAndExportAsync(TestDataset dataset)
    {
        var dark = await dataset.AddSourceAsync(DarkSource);
        var a = await dataset.AddSourceAsync("uni-a");
        var b = await dataset.AddSourceAsync("uni-b");
        var seed = 1000;
        for (var i = 0; i < 12; i++)
        {
            await dataset.AddPersonAsync(dark, $"Dark {i}", DarkLabel, crop: TestPng.Create(seed++, 16, level: 40), facetsJson: """{"university":"Dark U"}""");
        }

        foreach (var (source, university) in new[] { (a, "A U"), (b, "B U") })
        {
            foreach (var label in new[] { "cs", "economics" })
            {
                for (var i = 0; i < 6; i++)
                {
                    await dataset.AddPersonAsync(
                        source, $"{label} {university} {i}", label, crop: TestPng.Create(seed++, 16, level: 150),
                        role: i % 2 == 0 ? "Professor" : "Doktorand", facetsJson: $$"""{"university":"{{university}}","name":"Secret Name","homepage":"https://uni.example/x"}""");
                }
            }
        }

        for (var i = 0; i < 8; i++)
        {
            var faceless = await dataset.AddPersonAsync(i % 2 == 0 ? a : b, $"Faceless {i}", "economics", withFace: false, status: ItemStatus.Rejected, statusRule: Rules.NoFace);
            await dataset.AddRejectionAsync(faceless, "curate", Rules.NoFace, "no face above the score threshold");
        }

        var export = await new ExportStage().RunAsync(dataset.Context);
        return Path.GetFileName(export.Artifacts[0]);
    }
}
