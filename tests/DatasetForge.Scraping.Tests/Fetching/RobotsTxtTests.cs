using DatasetForge.Scraping.Fetching;

namespace DatasetForge.Scraping.Tests.Fetching;

public sealed class RobotsTxtTests
{
    private static readonly string Agent = ScrapeOptions.DefaultUserAgent;

    [Theory]
    [InlineData("/intern/team/", false)]
    [InlineData("/intern/public/x", true)]
    [InlineData("/team/", true)]
    [InlineData("/files/a.pdf", false)]
    [InlineData("/files/a.pdf?x=1", true)]
    public void IsAllowed_GeneralGroup_UsesTheLongestMatch(string path, bool allowed)
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /intern/\nAllow: /intern/public/\nDisallow: /*.pdf$\n", Agent);

        robots.IsAllowed(new Uri("https://uni.example" + path)).ShouldBe(allowed);
    }

    [Fact]
    public void IsAllowed_GroupNamingOurProduct_OverridesTheGeneralGroup()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow:\n\nUser-agent: DatasetForge\nDisallow: /\n", Agent);

        robots.IsAllowed(new Uri("https://uni.example/team/")).ShouldBeFalse();
    }

    [Fact]
    public void IsAllowed_EmptyDisallow_AllowsEverything() =>
        RobotsTxt.Parse("User-agent: *\nDisallow:\n", Agent).IsAllowed(new Uri("https://uni.example/any")).ShouldBeTrue();
}

public sealed class RobotsCrawlDelayAndAiDirectiveTests
{
    private static readonly string Agent = ScrapeOptions.DefaultUserAgent;

    [Fact]
    public void CrawlDelay_OfOurGroup_IsRead()
    {
        RobotsTxt.Parse("User-agent: *\nCrawl-delay: 3\n\nUser-agent: DatasetForge\nCrawl-delay: 1.5\nDisallow: /x\n", Agent).CrawlDelay
            .ShouldBe(TimeSpan.FromSeconds(1.5));
        RobotsTxt.Parse("User-agent: *\nCrawl-delay: 3\n", Agent).CrawlDelay.ShouldBe(TimeSpan.FromSeconds(3));
        RobotsTxt.Parse("User-agent: *\nCrawl-delay: soon\n", Agent).CrawlDelay.ShouldBeNull();
    }

    [Theory]
    [InlineData("noai", "X-Robots-Tag: noai")]
    [InlineData("noindex, NoImageAI", "X-Robots-Tag: noimageai")]
    [InlineData("datasetforge: noimageindex", "X-Robots-Tag: noimageindex")]
    [InlineData("googlebot: noai", null)]
    [InlineData("noindex, nofollow", null)]
    [InlineData("unavailable_after: 25 Jun 2010 15:00:00 PST", null)]
    public void FromHeader_FindsTheDirectivesForUs(string header, string? expected) =>
        AiDirectives.FromHeader([header], Agent).ShouldBe(expected);

    [Theory]
    [InlineData("robots", "noai, noimageai", "<meta name=\"robots\">: noai, noimageai")]
    [InlineData("ROBOTS", "noimageindex", "<meta name=\"robots\">: noimageindex")]
    [InlineData("googlebot", "noai", null)]
    [InlineData("description", "noai", null)]
    public void FromMeta_FindsTheDirectivesForUs(string name, string content, string? expected) =>
        AiDirectives.FromMeta(name, content, Agent).ShouldBe(expected);
}
