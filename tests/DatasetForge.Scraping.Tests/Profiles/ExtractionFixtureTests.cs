using DatasetForge.Core.Definitions;
using DatasetForge.DemoSite.Serving;
using DatasetForge.Scraping.Tests.Support;
using DatasetForge.Testing;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Scraping.Tests.Profiles;

/// <summary>Layouts real staff pages use, served over real HTTP on 127.0.0.1: every way of giving a photo, groups, paging, profile pages.</summary>
public sealed class ExtractionFixtureTests : IAsyncLifetime
{
    private FixtureServer _site = null!;

    public async Task InitializeAsync() => _site = await FixtureServer.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Preview_Typo3GroupsWithBaseHrefAndEveryPhotoStyle_ResolvesEachPhotoAndLabelsFromHeadings()
    {
        var host = _site.BaseUrl.Authority;
        _site.Page("/fakultaet/personen/", $$"""
            <html><head><base href="/fileadmin/"></head><body>
            <h2>Professoren</h2>
            <div class="person"><h3 class="name">Anna Adler</h3><span class="fn">Professorin</span><img class="photo" src="thumbs/adler.jpg"></div>
            <div class="person"><h3 class="name">Bernd Bauer</h3><img class="photo" src="data:image/gif;base64,R0lGOD" data-src="lazy/bauer.jpg"></div>
            <h2>Wissenschaftliche Mitarbeiter</h2>
            <div class="person"><h3 class="name">Clara Conrad</h3><img class="photo" data-original="/abs/conrad.jpg"></div>
            <div class="person"><h3 class="name">Dirk Dahl</h3><img class="photo" srcset="dahl-320.jpg 320w, dahl-960.jpg 960w, dahl-640.jpg 640w"></div>
            <div class="person"><h3 class="name">Eva Engel</h3><picture class="photo"><source srcset="engel.webp 1x, engel@2x.webp 2x"><img src="engel.jpg"></picture></div>
            <h2>Sekretariat</h2>
            <div class="person"><h3 class="name">Frank Fuchs</h3><div class="photo" style="background-image: url('//{{host}}/bg/fuchs.jpg')"></div></div>
            <div class="person"><h3 class="name">Gina Graf</h3></div>
            </body></html>
            """);
        var source = FixtureScrape.Source(_site, "/fakultaet/personen/",
            new SelectorSet { Item = ".person", Name = ".name", Role = ".fn", Photo = ".photo", LabelHeading = "h2", RoleHeading = "h2" }, label: null);

        var preview = await FixtureScrape.PreviewAsync(source);

        var byName = preview.Persons.ToDictionary(p => p.Name);
        byName.Keys.ShouldBe(["Anna Adler", "Bernd Bauer", "Clara Conrad", "Dirk Dahl", "Eva Engel", "Frank Fuchs", "Gina Graf"], ignoreOrder: true);
        byName["Anna Adler"].PhotoUrl.ShouldBe(_site.Url("/fileadmin/thumbs/adler.jpg"));
        byName["Bernd Bauer"].PhotoUrl.ShouldBe(_site.Url("/fileadmin/lazy/bauer.jpg"));
        byName["Clara Conrad"].PhotoUrl.ShouldBe(_site.Url("/abs/conrad.jpg"));
        byName["Dirk Dahl"].PhotoUrl.ShouldBe(_site.Url("/fileadmin/dahl-960.jpg"));
        byName["Eva Engel"].PhotoUrl.ShouldBe(_site.Url("/fileadmin/engel@2x.webp"));
        byName["Frank Fuchs"].PhotoUrl.ShouldBe(_site.Url("/bg/fuchs.jpg"));
        byName["Gina Graf"].PhotoUrl.ShouldBeNull();
        byName["Anna Adler"].Label.ShouldBe("Professoren");
        byName["Anna Adler"].Role.ShouldBe("Professorin");
        byName["Bernd Bauer"].Role.ShouldBe("Professoren");
        byName["Dirk Dahl"].Label.ShouldBe("Wissenschaftliche Mitarbeiter");
        byName["Frank Fuchs"].Label.ShouldBe("Sekretariat");
        byName["Gina Graf"].Role.ShouldBe("Sekretariat");
        _site.Requests.ShouldAllBe(r => r.UserAgent.StartsWith("DatasetForge/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Preview_PageNumberLinks_ReadsEveryPageOnceAndNoMore()
    {
        for (var page = 1; page <= 3; page++)
        {
            var links = string.Join(' ', Enumerable.Range(1, 3).Select(n => $"<a class=\"page-numbers\" href=\"/team/?pg={n}\">{n}</a>"));
            _site.Page($"/team/?pg={page}", $"<ul><li class=\"m\"><b>Person {page}A</b></li><li class=\"m\"><b>Person {page}B</b></li></ul><nav>{links}</nav>");
        }

        var source = FixtureScrape.Source(_site, "/team/?pg=1", new SelectorSet { Item = "li.m", Name = "b", NextPage = "a.page-numbers" });

        var preview = await FixtureScrape.PreviewAsync(source);

        preview.Persons.Count.ShouldBe(6);
        preview.Pages.ShouldBe(3);
        _site.Requests.Count(r => r.PathAndQuery.StartsWith("/team/", StringComparison.Ordinal)).ShouldBe(3);
        preview.Problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Preview_PageParameter_CountsUpUntilAnEmptyPageWithoutReportingIt()
    {
        _site.Page("/staff", "<div class=\"p\">Ada One</div><div class=\"p\">Bo Two</div>");
        _site.Page("/staff?page=2", "<div class=\"p\">Cy Three</div>");
        _site.Page("/staff?page=3", "<p>No more entries.</p>");

        var source = FixtureScrape.Source(_site, "/staff", new SelectorSet { Item = ".p" }, tune: p => p with { PageParameter = "page" });
        var preview = await FixtureScrape.PreviewAsync(source);

        preview.Persons.Select(p => p.Name).ShouldBe(["Ada One", "Bo Two", "Cy Three"]);
        preview.Problems.ShouldBeEmpty();
        _site.Requests.ShouldNotContain(r => r.PathAndQuery == "/staff?page=4");
    }

    [Fact]
    public async Task Preview_NextLinksBeyondMaxPages_StopAtTheCapAndSaySo()
    {
        for (var page = 1; page <= 5; page++)
        {
            _site.Page($"/list/{page}", $"<div class=\"p\">Person {page}</div><a class=\"next\" href=\"/list/{page + 1}\">next</a>");
        }

        var source = FixtureScrape.Source(_site, "/list/1", new SelectorSet { Item = ".p", NextPage = "a.next" }, tune: p => p with { MaxPages = 3 });
        var preview = await FixtureScrape.PreviewAsync(source);

        preview.Persons.Count.ShouldBe(3);
        preview.Problems.ShouldContain(p => p.Contains("maxPages = 3", StringComparison.Ordinal) && p.Contains("/list/4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scrape_FollowProfile_TakesTheLargerPhotoFromTheProfilePage()
    {
        _site.Page("/people/", """
            <table class="staff"><tr><td><a href="/people/ada">Ada Lovelace</a></td><td><img src="/thumb/ada.jpg"></td></tr>
            <tr><td><a href="/people/bob">Bob Byte</a></td><td><img src="/thumb/bob.jpg"></td></tr></table>
            """);
        _site.Page("/people/ada", "<main><div class=\"portrait\"><img srcset=\"/big/ada-1200.jpg 1200w, /big/ada-300.jpg 300w\"></div></main>");
        _site.Page("/people/bob", "<main><p>No portrait here.</p></main>");
        _site.File("/big/ada-1200.jpg", FixtureScrape.Jpeg("ada big"), "image/jpeg");
        _site.File("/thumb/bob.jpg", FixtureScrape.Jpeg("bob thumb"), "image/jpeg");
        var source = FixtureScrape.Source(_site, "/people/",
            new SelectorSet { Item = "table.staff tr", Name = "a", Link = "a", Photo = "img", ProfilePhoto = ".portrait" },
            tune: p => p with { FollowProfile = true });
        using var temp = new TempWorkspace(DemoScrape.DatasetName);

        var result = await FixtureScrape.RunAsync(temp.Workspace, source);

        await using var catalogue = await Catalogue.Catalogue.OpenAsync(temp.Workspace);
        var persons = await catalogue.Items.Include(p => p.Photo).ToDictionaryAsync(p => p.Name);
        persons["Ada Lovelace"].PhotoUrl.ShouldBe(_site.Url("/big/ada-1200.jpg").AbsoluteUri);
        persons["Ada Lovelace"].Photo.ShouldNotBeNull();
        persons["Bob Byte"].PhotoUrl.ShouldBe(_site.Url("/thumb/bob.jpg").AbsoluteUri);
        result.Counts[ScrapeCounts.ProfilePages].ShouldBe(2);
        result.Summary.ShouldContain("profilePhoto selector '.portrait' matched no photo");
    }

    [Fact]
    public async Task Scrape_FollowProfileWithProfileRoleAndLabel_TakesThemFromEachProfilePage()
    {
        // A directory that lists names only: the role and the department are on each profile page.
        _site.Page("/people/", """
            <ul class="staff"><li><a href="/people/ada">Ada Lovelace</a></li><li><a href="/people/bea">Bea Bauer</a></li>
            <li><a href="/people/cem">Cem Can</a></li></ul>
            """);
        _site.Page("/people/ada", "<main><p class=\"position\">Professorin</p><p class=\"dept\">cs</p></main>");
        _site.Page("/people/bea", "<main><p class=\"position\">Büroleitung</p><p class=\"dept\">econ</p></main>");
        _site.Page("/people/cem", "<main><p>Nothing here.</p></main>");
        var source = FixtureScrape.Source(_site, "/people/",
            new SelectorSet { Item = "ul.staff li", Name = "a", Link = "a", ProfileRole = ".position", ProfileLabel = ".dept" },
            label: null, tune: p => p with { FollowProfile = true });
        using var temp = new TempWorkspace(DemoScrape.DatasetName);

        var result = await FixtureScrape.RunAsync(temp.Workspace, source);

        await using var catalogue = await Catalogue.Catalogue.OpenAsync(temp.Workspace);
        var persons = await catalogue.Items.ToDictionaryAsync(p => p.Name);
        persons["Ada Lovelace"].Person.ShouldNotBeNull().Role.ShouldBe("Professorin");
        persons["Ada Lovelace"].Label.ShouldBe("cs");
        persons["Bea Bauer"].Person.ShouldNotBeNull().Role.ShouldBe("Büroleitung");
        persons["Bea Bauer"].Label.ShouldBe("econ");
        (persons["Cem Can"].Person?.Role).ShouldBeNull();
        result.Counts[ScrapeCounts.ProfilePages].ShouldBe(3);
        result.Summary.ShouldContain("profileRole selector '.position' matched nothing", Case.Sensitive, result.Summary);
    }

    [Fact]
    public async Task Preview_ItemSelectorMatchingNothing_NamesPageAndSelector()
    {
        _site.Page("/empty/", "<div class=\"people\"></div>");
        var source = FixtureScrape.Source(_site, "/empty/", new SelectorSet { Item = ".person-card", Name = "h3" });

        var preview = await FixtureScrape.PreviewAsync(source);

        preview.Persons.ShouldBeEmpty();
        preview.Problems.ShouldContain(p => p.EndsWith($"page {_site.Url("/empty/")}: item selector '.person-card' matched nothing", StringComparison.Ordinal));
    }
}
