using DatasetForge.Core.Definitions;
using DatasetForge.DemoSite.Truth;

namespace DatasetForge.Scraping.Tests.Support;

/// <summary>The four scraper profiles, as scrapers/*.yaml define them, built as Core objects.</summary>
public static class DemoProfiles
{
    public static ScraperProfile CardGrid { get; } = new()
    {
        Name = "card-grid",
        Selectors = new SelectorSet
        {
            Item = ".team-member", Name = ".team-member__name", Role = ".team-member__role", Photo = "img",
            Link = "a.team-member__link", NextPage = "a.next",
        },
    };

    public static ScraperProfile PeopleTable { get; } = new()
    {
        Name = "people-table",
        Selectors = new SelectorSet
        {
            Item = "table.people tbody tr", Name = "td.name", Role = "td.position", Photo = "td.photo img", Link = "td.name a",
        },
    };

    public static ScraperProfile Typo3List { get; } = new()
    {
        Name = "typo3-list",
        Selectors = new SelectorSet
        {
            Item = ".person-list__item", Name = ".person-list__name", Role = ".person-list__function", Photo = ".person-list__image",
            Link = ".person-list__name a",
        },
    };

    public static ScraperProfile ScriptedList { get; } = new()
    {
        Name = "scripted-list",
        Browser = true,
        WaitFor = ".staff-card",
        Selectors = new SelectorSet
        {
            Item = ".staff-card", Name = ".staff-card__name", Role = ".staff-card__title", Photo = ".staff-card__photo",
            Link = "a.staff-card__name",
        },
    };

    public static ScraperProfile For(DemoLayout layout) => layout switch
    {
        DemoLayout.CardGrid => CardGrid,
        DemoLayout.PeopleTable => PeopleTable,
        DemoLayout.Typo3List => Typo3List,
        DemoLayout.ScriptedList => ScriptedList,
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, null),
    };
}
