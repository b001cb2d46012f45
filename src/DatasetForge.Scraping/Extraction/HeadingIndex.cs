using AngleSharp.Dom;

namespace DatasetForge.Scraping.Extraction;

/// <summary>Finds, for an element, the text of the nearest heading before it in document order (the group it is listed under).</summary>
internal sealed class HeadingIndex
{
    private readonly Dictionary<IElement, int> _positions = new();
    private readonly List<(int Position, string Text)> _headings;

    public HeadingIndex(IDocument document, IEnumerable<IElement> headings)
    {
        var position = 0;
        foreach (var element in document.QuerySelectorAll("*"))
        {
            _positions[element] = position++;
        }

        _headings = [.. headings
            .Select(h => (Position: _positions.GetValueOrDefault(h, -1), Text: string.Join(' ', h.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))))
            .Where(h => h.Position >= 0 && h.Text.Length > 0)
            .OrderBy(h => h.Position)];
    }

    /// <summary>The text of the last heading that starts before <paramref name="element"/>, or null.</summary>
    public string? Before(IElement element)
    {
        if (!_positions.TryGetValue(element, out var position))
        {
            return null;
        }

        string? text = null;
        foreach (var heading in _headings)
        {
            if (heading.Position >= position)
            {
                break;
            }

            text = heading.Text;
        }

        return text;
    }
}
