namespace DatasetForge.DemoSite.Truth;

/// <summary>The page layouts the demo site serves, one per department.</summary>
public enum DemoLayout
{
    /// <summary>A WordPress/Elementor team grid over two pages joined by a "next" link.</summary>
    CardGrid,

    /// <summary>An HTML table of people.</summary>
    PeopleTable,

    /// <summary>A TYPO3-style person list with a <c>&lt;base href&gt;</c>.</summary>
    Typo3List,

    /// <summary>An empty container filled by a script from <c>people.json</c>; needs a browser.</summary>
    ScriptedList,
}
