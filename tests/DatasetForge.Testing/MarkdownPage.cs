using System.Net;
using DatasetForge.Core.Html;
using Markdig;

namespace DatasetForge.Testing;

/// <summary>
/// A Markdown file (the datasheet) as a reader sees it: rendered the way a repository host or Markdown viewer does
/// (CommonMark with pipe tables), in the pages' stylesheet, so it can be opened in Chromium like the other pages.
/// </summary>
public static class MarkdownPage
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Writes <paramref name="markdownPath"/> rendered as <paramref name="htmlPath"/> and returns the HTML body.</summary>
    public static string Write(string markdownPath, string htmlPath)
    {
        var body = Markdown.ToHtml(File.ReadAllText(markdownPath), Pipeline);
        File.WriteAllText(htmlPath, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(Path.GetFileName(markdownPath))}</title><style>{PageStyle.Css}</style></head>
            <body>
            {body}
            </body></html>
            """);
        return body;
    }
}
