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
