using System.Globalization;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using DatasetForge.Export;
using DatasetForge.Export.Tests.Support;

namespace DatasetForge.Reporting.Tests.Audit;

/// <summary>
/// A dataset with estimates and planted problems. Kept, alternating between uni-a and uni-b: 10 "cs" all estimated
/// male (ages 25.37 to 43.37), 10 "economics" all estimated female (45.37 to 63.37), 10 "german" half and half
/// (22.37 to 58.37, the first three uncertain at probability 0.6137). Rejected: 8 estimated female and 1 male "german"
/// by <see cref="Rules.TooDark"/> (a quality rule that drops one group), 1 female and 1 male by the role rule.
/// Without an estimate: 2 "cs" with no face found, 1 "cs" without a photo, 1 kept "german" whose face was not
/// analysed. Every estimated face has <see cref="Descriptor"/>.
/// </summary>
internal static class PlantedDemographics
{
    /// <summary>Every estimate's probability but the uncertain ones; no count or statistic of the report is this.</summary>
    public const float Probability = 0.9137f;

    public const float UncertainProbability = 0.6137f;

    /// <summary>A descriptor of 128 float32, the same for every face: the report must never contain it.</summary>
    public static byte[] Descriptor { get; } = [.. Enumerable.Range(0, 128).SelectMany(i => BitConverter.GetBytes(0.0123f + (i * 0.0071f)))];

    /// <summary>Every estimated age of the dataset as the invariant text it would have if it leaked.</summary>
    public static IReadOnlyList<string> AgeTexts { get; } =
        [.. Ages().Distinct().Select(a => a.ToString("0.##", CultureInfo.InvariantCulture))];

    public static async Task<string> SeedAndExportAsync(TestDataset dataset)
    {
        var a = await dataset.AddSourceAsync("uni-a");
        var b = await dataset.AddSourceAsync("uni-b");
        for (var i = 0; i < 10; i++)
        {
            var source = i % 2 == 0 ? a : b;
            await AddAsync(dataset, source, $"cs {i}", "cs", "male", 25.37f + (2 * i));
            await AddAsync(dataset, source, $"economics {i}", "economics", "female", 45.37f + (2 * i));
            await AddAsync(dataset, source, $"german {i}", "german", i % 2 == 0 ? "female" : "male", 22.37f + (4 * i), i < 3 ? UncertainProbability : Probability);
        }

        float[] darkAges = [24.37f, 33.37f, 45.37f, 52.37f, 28.37f, 37.37f, 41.37f, 56.37f];
        for (var i = 0; i < darkAges.Length; i++)
        {
            await AddAsync(dataset, a, $"dark {i}", "german", "female", darkAges[i], rule: Rules.TooDark);
        }

        await AddAsync(dataset, b, "dark male", "german", "male", 30.37f, rule: Rules.TooDark);
        await AddAsync(dataset, a, "secretary", "economics", "female", 40.37f, rule: Rules.NonAcademicRole);
        await AddAsync(dataset, b, "technician", "cs", "male", 40.37f, rule: Rules.NonAcademicRole);

        for (var i = 0; i < 2; i++)
        {
            var faceless = await dataset.AddPersonAsync(b, $"faceless {i}", "cs", withFace: false, status: ItemStatus.Rejected, statusRule: Rules.NoFace);
            await dataset.AddRejectionAsync(faceless, "curate", Rules.NoFace, "no face above the score threshold");
        }

        await dataset.AddPersonAsync(b, "photoless", "cs", withPhoto: false, status: null);
        await dataset.AddPersonAsync(a, "not analysed", "german");

        var export = await new ExportStage().RunAsync(dataset.Context);
        return Path.GetFileName(export.Artifacts[0]);
    }

    private static IEnumerable<float> Ages()
    {
        for (var i = 0; i < 10; i++)
        {
            yield return 25.37f + (2 * i);
            yield return 45.37f + (2 * i);
            yield return 22.37f + (4 * i);
        }

        foreach (var age in new[] { 24.37f, 33.37f, 45.37f, 52.37f, 28.37f, 37.37f, 41.37f, 56.37f, 30.37f, 40.37f })
        {
            yield return age;
        }
    }

    private static async Task AddAsync(
        TestDataset dataset, int source, string name, string label, string gender, float age, float probability = Probability, string? rule = null)
    {
        var id = await dataset.AddPersonAsync(
            source, name, label, status: rule is null ? ItemStatus.Kept : ItemStatus.Rejected, statusRule: rule, role: rule == Rules.NonAcademicRole ? "Sekretariat" : "Professor");
        if (rule is not null)
        {
            await dataset.AddRejectionAsync(id, "curate", rule, $"rejected by {rule}");
        }

        await dataset.SetEstimatesAsync(id, age, gender, probability, Descriptor);
    }
}
