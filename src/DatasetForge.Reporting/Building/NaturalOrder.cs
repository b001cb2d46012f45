namespace DatasetForge.Reporting.Building;

/// <summary>
/// Orders labels and facet values as a reader expects: runs of digits by their value, the rest ordinally. A number
/// label's bins ("2–10", "10–20", "20–35") then read in order instead of "10–20" before "2–10"; names sort as before.
/// </summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    private NaturalOrder()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var (a, nextI) = Run(x, i);
                var (b, nextJ) = Run(y, j);
                // Leading zeros aside, the longer run of digits is the larger number; equal lengths compare digit by digit.
                var byValue = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
                if (byValue != 0)
                {
                    return byValue;
                }

                (i, j) = (nextI, nextJ);
                continue;
            }

            if (x[i] != y[j])
            {
                return x[i].CompareTo(y[j]);
            }

            i++;
            j++;
        }

        var rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }

    // The run of digits at start without its leading zeros, and where the run ends.
    private static (string Digits, int End) Run(string s, int start)
    {
        var end = start;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        var first = start;
        while (first < end - 1 && s[first] == '0')
        {
            first++;
        }

        return (s[first..end], end);
    }
}
