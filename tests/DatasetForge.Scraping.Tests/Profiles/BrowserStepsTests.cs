using DatasetForge.Core.Definitions;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Scraping.Tests.Support;

namespace DatasetForge.Scraping.Tests.Profiles;

/// <summary>Lists built by script, in real Chromium: a cookie banner to dismiss, "load more" and infinite scroll with a hard cap.</summary>
public sealed class BrowserStepsTests : IAsyncLifetime
{
    // A cookie wall hides the list until accepted; each "load more" (or scroll to the bottom) appends the next three persons.
    private const string Script = """
        <html><body>
        <div id="consent" style="position:fixed;inset:0;background:#fff"><button class="accept">Accept all</button></div>
        <div id="list"></div><button class="more">Mehr laden</button><div style="height:3000px"></div>
        <script>
          let next = 0;
          function add() { for (let i = 0; i < 3 && next < 30; i++, next++) {
            const d = document.createElement('div'); d.className = 'staff'; d.innerHTML = '<h3>Person ' + next + '</h3>';
            document.getElementById('list').appendChild(d); }
            if (next >= 30) document.querySelector('.more').remove(); }
          document.querySelector('.accept').onclick = () => { document.getElementById('consent').remove(); add(); };
          document.querySelector('.more').onclick = () => setTimeout(add, 20);
          window.addEventListener('scroll', () => { if (window.location.hash === '#scroll') setTimeout(add, 20); });
        </script></body></html>
        """;

    private FixtureServer _site = null!;

    public async Task InitializeAsync()
    {
        _site = await FixtureServer.StartAsync();
        _site.Page("/directory", Script);
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Preview_CookieBannerThenLoadMore_ClicksUntilTheCapAndReadsEveryLoadedPerson()
    {
        var source = FixtureScrape.Source(_site, "/directory", new SelectorSet { Item = ".staff", Name = "h3" }, tune: p => p with
        {
            Browser = true, WaitFor = ".accept", CookieBanner = "#consent .accept", LoadMore = "button.more", MaxLoadMore = 4,
        });

        var preview = await FixtureScrape.PreviewAsync(source);

        // Accepting loads 3, then exactly 4 clicks of 3 each: the cap, not the end of the list (30), stops it.
        preview.Persons.Count.ShouldBe(15, string.Join("; ", preview.Problems));
        preview.Persons[14].Name.ShouldBe("Person 14");
    }
}
