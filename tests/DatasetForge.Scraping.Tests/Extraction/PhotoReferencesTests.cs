using DatasetForge.Core.Definitions;
using DatasetForge.Scraping.Extraction;

namespace DatasetForge.Scraping.Tests.Extraction;

public sealed class PhotoReferencesTests
{
    private static readonly Uri Page = new("https://uni.example/dept/team/");

    [Theory]
    [InlineData("a.jpg 240w, b.jpg 480w, c.jpg 320w", "b.jpg")]
    [InlineData("a.jpg 1x, b.jpg 2x", "b.jpg")]
    [InlineData("only.jpg", "only.jpg")]
    [InlineData("data:image/gif;base64,R0lG 1w, real.jpg 100w", "real.jpg")]
    public void Largest_SrcsetCandidates_PicksTheWidestOrDensest(string srcset, string expected) =>
        PhotoReferences.Largest(srcset).ShouldBe(expected);

    [Theory]
    [InlineData("background-image: url('/p/a.jpg')", "/p/a.jpg")]
    [InlineData("width:1px; background: #fff url(\"b.png\") no-repeat", "b.png")]
    [InlineData("background-image:url(c.jpg);", "c.jpg")]
    [InlineData("color: red", null)]
    public void Background_InlineStyle_ReadsTheUrl(string style, string? expected) =>
        PhotoReferences.Background(style).ShouldBe(expected);

    [Theory]
    [InlineData("""<div class="p"><img src="data:image/gif;base64,R0lGODlh" data-src="lazy.jpg"></div>""", "https://uni.example/dept/team/lazy.jpg")]
    [InlineData("""<div class="p"><img src="small.jpg" data-original="orig.jpg"></div>""", "https://uni.example/dept/team/orig.jpg")]
    [InlineData("""<div class="p"><picture><source srcset="/a.webp 1x, /a2.webp 2x"><img src="/a.jpg"></picture></div>""", "https://uni.example/a2.webp")]
    [InlineData("""<div class="p"><span style="background-image:url(//cdn.example/x.jpg)"></span></div>""", "https://cdn.example/x.jpg")]
    [InlineData("""<div class="p"><img src="https://other.example/abs.jpg"></div>""", "https://other.example/abs.jpg")]
    public async Task Extract_PhotoWrittenInVariousWays_ResolvesAgainstThePage(string item, string expected)
    {
        var html = $"<html><body><div class=\"list\">{item.Replace("<div class=\"p\">", "<div class=\"p\"><b>Ada</b>", StringComparison.Ordinal)}</div></body></html>";

        var page = await PageExtractor.ExtractAsync(html, Page, new SelectorSet { Item = ".p", Name = "b", Photo = ".p" });

        page.Persons.Single().PhotoUrl.ShouldBe(new Uri(expected));
    }

    [Fact]
    public async Task Extract_PageWithBaseHref_ResolvesRelativeUrlsAgainstTheBase()
    {
        const string html = """
            <html><head><base href="https://uni.example/site/"></head><body>
            <div class="p"><a href="people/ada/">Ada</a><img src="fileadmin/ada.jpg"></div>
            <a class="next" href="page2/">next</a></body></html>
            """;

        var page = await PageExtractor.ExtractAsync(html, Page, new SelectorSet { Item = ".p", Name = "a", Photo = "img", Link = "a", NextPage = "a.next" });

        page.Persons.Single().PhotoUrl.ShouldBe(new Uri("https://uni.example/site/fileadmin/ada.jpg"));
        page.Persons.Single().ProfileUrl.ShouldBe(new Uri("https://uni.example/site/people/ada/"));
        page.NextPage.ShouldBe(new Uri("https://uni.example/site/page2/"));
    }

    [Fact]
    public async Task Extract_InvalidCssSelector_IsReportedNotThrown()
    {
        var page = await PageExtractor.ExtractAsync("<html><body></body></html>", Page, new SelectorSet { Item = "div[[" });

        page.Persons.ShouldBeEmpty();
        page.Problems.ShouldContain(p => p.Contains("div[[", StringComparison.Ordinal) && p.Contains(Page.AbsoluteUri, StringComparison.Ordinal));
    }
}
