using System.Text;
using System.Text.Json;
using DatasetForge.Catalogue;
using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Reporting.Building;
using DatasetForge.Reporting.Html;
using DatasetForge.Reporting.Model;

namespace DatasetForge.Reporting;

/// <summary>
/// Writes the bias audit of a dataset's newest version: <c>reports/report.html</c> (self-contained, for people) and
/// <c>reports/report.json</c> (the same numbers, for machines).
/// </summary>
public sealed class ReportStage : IPipelineStage
{
    /// <summary>The HTML report's file name in the reports folder.</summary>
    public const string HtmlFileName = "report.html";

    /// <summary>The JSON report's file name in the reports folder.</summary>
    public const string JsonFileName = "report.json";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ReportOptions _options;

    public ReportStage(ReportOptions? options = null)
    {
        _options = options ?? new ReportOptions();
        _options.Validate();
    }

    /// <summary>The serializer settings of <c>report.json</c>: web defaults, indented.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public PipelineStage Stage => PipelineStage.Report;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workspace = context.Workspace;
        workspace.EnsureCreated();
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(workspace, cancellationToken);
        var run = await catalogue.StartAsync(Stage, context.UtcNow, cancellationToken);
        try
        {
            var report = await ReportBuilder.BuildAsync(context, catalogue, _options, cancellationToken);
            context.Progress.Report(new StageProgress(Stage, "render", 0, 2));
            var html = ReportHtml.Render(report, file => EmbedImage(Path.Combine(workspace.Root, file)));
            var htmlPath = Path.Combine(workspace.ReportsDirectory, HtmlFileName);
            await AtomicFile.WriteAllBytesAsync(htmlPath, Utf8.GetBytes(html), cancellationToken);
            await AtomicFile.WriteAllBytesAsync(
                Path.Combine(workspace.ReportsDirectory, JsonFileName),
                JsonSerializer.SerializeToUtf8Bytes(report, JsonOptions),
                cancellationToken);
            context.Progress.Report(new StageProgress(Stage, "render", 2, 2));

            var result = new StageResult(Stage, Summary(report), Counts(report)) { Artifacts = [htmlPath] };
            await catalogue.CompleteAsync(run, result, context.UtcNow, cancellationToken);
            return result;
        }
        catch (Exception ex)
        {
            await catalogue.FailAsync(run, ex, context.UtcNow);
            throw;
        }
    }

    /// <summary>Larger images (a full-size original among the rejected photos) are left out so the report stays light.</summary>
    private const long MaxEmbeddedBytes = 1_000_000;

    private static string? EmbedImage(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var mime = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".webp" => "image/webp",
            "" => null,
            _ => string.Empty,
        };
        if (mime == string.Empty || new FileInfo(path).Length > MaxEmbeddedBytes)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        // A stored blob is named by its sha256 alone: its first bytes say what it is.
        mime ??= bytes switch
        {
            [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
            [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
            [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
            _ => null,
        };
        return mime is null ? null : $"data:{mime};base64,{Convert.ToBase64String(bytes)}";
    }


    private static string Summary(DatasetReport report) =>
        $"report of {report.Dataset}" + (report.VersionId is null ? " (no version yet)" : $" version {report.VersionId}") +
        $": {report.Funnel.Listed} listed, {report.Funnel.Kept} kept, {report.Funnel.Exported} exported" +
        (report.Training is null ? string.Empty : $"; run {report.Training.RunId} accuracy {report.Training.Metrics.Accuracy:0.###}");

    private static Dictionary<string, long> Counts(DatasetReport report) => new()
    {
        ["listed"] = report.Funnel.Listed,
        ["kept"] = report.Funnel.Kept,
        ["exported"] = report.Funnel.Exported,
        ["classes"] = report.Balance?.Classes.Count ?? 0,
        ["rejections"] = report.Rejections.Sum(r => r.Count),
        ["samples"] = report.ContactSheets.Sum(s => s.Files.Count),
        ["estimated"] = report.Demographics?.EstimatedPersons ?? 0,
    };

}
