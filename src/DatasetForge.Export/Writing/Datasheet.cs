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
        IReadOnlyList<RuleCount> rejections)
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
        Line(md, "- Layouts: `train/`, `validation/`, `test/` folders with one folder per class; `train.csv`, `validation.csv`, `test.csv` (`id,label`); `items.csv` (`id,label,split,group,file,sha256`); `manifest.json`.");
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
        Line(md, "## Known skews");
        Line(md);
        var perClass = manifest.Classes.Select(c => manifest.Items.Count(i => i.Label == c)).ToList();
        if (perClass.Count > 1)
        {
            Line(md, $"- Largest class / smallest class: {perClass.Max()} / {perClass.Min()} = {Number((double)perClass.Max() / Math.Max(1, perClass.Min()))}");
        }

        Line(md, "- Photos come from the sources above only; see the bias report for label x source tables.");
        return md.ToString();
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
