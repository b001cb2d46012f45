using System.Globalization;
using System.Text;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Versions;
using DatasetForge.Export.Splitting;

namespace DatasetForge.Export.Writing;

/// <summary>Writes <c>datasheet.md</c>: what the version is, where it came from, when, which filters ran, and its splits.</summary>
internal static class Datasheet
{
    public const string FileName = "datasheet.md";

    public static string Render(
        DatasetDefinition dataset,
        VersionManifest manifest,
        IReadOnlyList<SourceSummary> sources,
        IReadOnlyList<RuleCount> rejections,
        int folds = 0,
        EstimateCounts? estimates = null)
    {
        var md = new StringBuilder();
        Line(md, $"# Datasheet: {dataset.Name}, version {manifest.Id}");
        Line(md);
        Line(md, "## What");
        Line(md);
        if (!string.IsNullOrWhiteSpace(dataset.Description))
        {
            Line(md, dataset.Description.Trim());
            Line(md);
        }

        Line(md, $"- Label: `{dataset.Label}` ({manifest.LabelKind}), {manifest.Classes.Count} classes: {string.Join(", ", manifest.Classes.Select(c => $"`{c}`"))}");
        Line(md, $"- Items: {manifest.Items.Count} face crops, one per person; ids are opaque (derived from the crop's sha256). Names and profile URLs are not part of the version.");
        Line(md, "- Layouts: `train/`, `validation/`, `test/` folders with one folder per class; `train.csv`, `validation.csv`, `test.csv` (`id,label`); `items.csv` (`id,label,split,group,file,sha256`); `items.jsonl` (one JSON object per item with its facets); `manifest.json` (every item with its sha256)." +
            (folds > 0 ? $" `folds.csv` (`id,fold`): {folds} cross-validation folds over train and validation, grouped and stratified; test stays held out." : string.Empty));
        var facetNames = manifest.Items.SelectMany(i => i.Facets?.Keys ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (facetNames.Count > 0)
        {
            Line(md, $"- Facets carried by items: {string.Join(", ", facetNames.Select(f => $"`{f}`"))}.");
        }
        Line(md);
        Line(md, "## When");
        Line(md);
        Line(md, $"- Created: {manifest.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
        Line(md, $"- Parent version: {manifest.ParentId ?? "none (first version)"}");
        Line(md, $"- Seed: {manifest.Seed}; ratios train/validation/test: {string.Join("/", manifest.Ratios.Values.Select(Number))}");
        Line(md);
        Line(md, "## Sources");
        Line(md);
        Line(md, "| source | kind | persons listed | kept by curation | in this version |");
        Line(md, "| --- | --- | ---: | ---: | ---: |");
        foreach (var source in sources)
        {
            Line(md, $"| {Cell(source.Name)} | {Cell(source.Kind)} | {source.Listed} | {source.Kept} | {source.Exported} |");
        }

        var overrides = dataset.Sources
            .Where(s => s.IgnoreRobotsTxt || s.IgnoreNoAi)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => $"- `{s.Name}` " + string.Join(" and ", new[]
            {
                s.IgnoreRobotsTxt ? "sets `ignoreRobotsTxt`: pages and photos that robots.txt disallows were fetched anyway" : null,
                s.IgnoreNoAi ? "sets `ignoreNoAi`: photos whose page or response says noai, noimageai or noimageindex were used anyway" : null,
            }.OfType<string>()) + " (the site owner's permission is the manifest author's responsibility).")
            .ToList();
        Line(md);
        Line(md, "## Crawling policy");
        Line(md);
        Line(md, "Pages and photos were fetched as robots.txt allows (RFC 9309, Crawl-delay honoured) and photos whose page or response says `noai`, `noimageai` or `noimageindex` (X-Robots-Tag or robots meta tag) were not used, except where listed here.");
        foreach (var line in overrides.DefaultIfEmpty("- No source overrides either policy."))
        {
            Line(md, line);
        }

        Line(md);
        Line(md, "## Filters");
        Line(md);
        if (rejections.Count == 0)
        {
            Line(md, "No rejections were recorded.");
        }
        else
        {
            Line(md, "Rejections recorded in the catalogue, by stage and rule:");
            Line(md);
            Line(md, "| stage | rule | rejected |");
            Line(md, "| --- | --- | ---: |");
            foreach (var rule in rejections)
            {
                Line(md, $"| {Cell(rule.Stage)} | {Cell(rule.Rule)} | {rule.Count} |");
            }
        }

        Line(md);
        Line(md, "## Splits");
        Line(md);
        Line(md, "Stratified by label and grouped (duplicates and the same person across pages share a group, and a group is never in two splits). Items keep the split they had in the parent version.");
        Line(md);
        var splits = SplitTargets.All.Select(VersionManifest.SplitName).ToList();
        Line(md, $"| label | {string.Join(" | ", splits)} | total |");
        Line(md, $"| --- |{string.Concat(Enumerable.Repeat(" ---: |", splits.Count + 1))}");
        foreach (var label in manifest.Classes)
        {
            var row = splits.Select(s => manifest.Counts[s].GetValueOrDefault(label)).ToList();
            Line(md, $"| {Cell(label)} | {string.Join(" | ", row)} | {row.Sum()} |");
        }

        var totals = splits.Select(s => manifest.Counts[s].Values.Sum()).ToList();
        Line(md, $"| **total** | {string.Join(" | ", totals)} | {totals.Sum()} |");
        Line(md);
        Demographics(md, estimates);
        Line(md);
        Line(md, "## Known skews");
        Line(md);
        var perClass = manifest.Counts.Values.SelectMany(c => c).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        if (perClass.Count > 1)
        {
            Line(md, $"- Largest class / smallest class: {perClass.Values.Max()} / {perClass.Values.Min()} = {Number((double)perClass.Values.Max() / Math.Max(1, perClass.Values.Min()))}");
        }

        foreach (var skew in SourceSkews(manifest))
        {
            Line(md, "- " + skew);
        }

        Line(md, "- Photos come from the sources above only; the bias report (`forge report`) has the label x source and label x facet tables, the demographic balance (estimated), image statistics and flags.");
        return md.ToString();
    }

    /// <summary>That estimates were made, by which model, their limits, and their counts over the version's items.</summary>
    private static void Demographics(StringBuilder md, EstimateCounts? estimates)
    {
        Line(md, "## Demographic estimates");
        Line(md);
        if (estimates is null || estimates.Estimated == 0)
        {
            Line(md, "No demographic estimates were made for the items of this version (curation.demographics is false, or no face was analysed).");
            return;
        }

        Line(md, $"The curate stage estimated each face's apparent gender and age with {string.Join("; ", estimates.Models)}. " +
            "These are a model's estimates, not facts about anyone: face-api's age and gender network was trained on mostly adult faces " +
            "from public datasets (UTKFace-like), knows only two genders (female, male), and is less accurate for children, older people " +
            "and people with darker skin, and on low-resolution or non-frontal faces. They are for auditing the dataset in aggregate, " +
            "never for judging a person.");
        Line(md);
        Line(md, $"- Items with an estimate: {estimates.Estimated} of {estimates.Items}.");
        Line(md, $"- Estimated gender: {string.Join(", ", estimates.Genders.Select(p => $"{p.Key} {p.Value}"))}, no estimate {estimates.Items - estimates.Genders.Sum(p => p.Value)}.");
        Line(md, $"- Estimated age band: {string.Join(", ", estimates.AgeBands.Select(p => $"{p.Key} {p.Value}"))}, no estimate {estimates.Items - estimates.AgeBands.Sum(p => p.Value)}.");
        Line(md, "- Face descriptors (biometric) and individual estimates stay in the catalogue: no file of this version holds either.");
    }

    /// <summary>
    /// Labels whose items come mostly from sources that give (almost) only that label: a model can learn the source
    /// (background, lighting, photographer) instead of the face.
    /// </summary>
    private static IEnumerable<string> SourceSkews(VersionManifest manifest)
    {
        var pairs = manifest.Items
            .CountBy(i => (i.Label, Source: i.Facets?.GetValueOrDefault("source") ?? string.Empty))
            .ToList();
        var bySource = pairs.GroupBy(p => p.Key.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
        if (bySource.Count < 2)
        {
            yield break;
        }

        foreach (var label in pairs.GroupBy(p => p.Key.Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var total = label.Sum(p => p.Value);
            var pure = label.Where(p => p.Value >= 0.9 * bySource[p.Key.Source]).Sum(p => p.Value);
            if (total > 0 && pure >= 0.8 * total)
            {
                yield return $"Label `{label.Key}`: {Number(100.0 * pure / total)}% of its items come from sources that give (almost) only this label ({string.Join(", ", label.Where(p => p.Value >= 0.9 * bySource[p.Key.Source]).Select(p => $"`{p.Key.Source}`"))}); the source is a shortcut a model can learn.";
            }
        }
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');

    /// <summary>
    /// Counts of the version's items per estimated gender and age band (never one item's estimate), with the models that
    /// made the estimates. Age bands are the report's defaults (<see cref="Core.Demographics.AgeBands.DefaultEdges"/>).
    /// </summary>
    internal sealed record EstimateCounts(
        IReadOnlyList<string> Models,
        int Items,
        int Estimated,
        IReadOnlyList<KeyValuePair<string, int>> Genders,
        IReadOnlyList<KeyValuePair<string, int>> AgeBands)
    {
        private static readonly string[] KnownGenders = ["female", "male"];

        /// <summary>Counts the estimates of a version's <paramref name="items"/> items (those without one are left out of <paramref name="estimates"/>).</summary>
        public static EstimateCounts Of(int items, IEnumerable<(string? Model, string? Gender, float? Age)> estimates)
        {
            var list = estimates.ToList();
            var genders = list.Select(e => e.Gender?.Trim()).OfType<string>().Where(g => g.Length > 0).CountBy(g => g, StringComparer.Ordinal)
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            var ageBands = new Core.Demographics.AgeBands(Core.Demographics.AgeBands.DefaultEdges);
            var bands = list.Select(e => e.Age).OfType<float>().Where(float.IsFinite).CountBy(ageBands.Of, StringComparer.Ordinal)
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

            return new EstimateCounts(
                [.. list.Select(e => e.Model).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                items,
                list.Count(e => e.Model is not null || !string.IsNullOrWhiteSpace(e.Gender) || e.Age is not null),
                [.. KnownGenders.Concat(genders.Keys.Except(KnownGenders).Order(StringComparer.Ordinal)).Select(g => KeyValuePair.Create(g, genders.GetValueOrDefault(g)))],
                [.. ageBands.Names.Select(name => KeyValuePair.Create(name, bands.GetValueOrDefault(name)))]);
        }
    }
}
