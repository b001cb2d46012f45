namespace DatasetForge.Reporting.Statistics;

/// <summary>Balance and independence measures over counts.</summary>
public static class BalanceStatistics
{
    /// <summary>Largest count / smallest count; null when there are no counts or a count is zero.</summary>
    public static double? ImbalanceRatio(IReadOnlyCollection<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0 || counts.Min() <= 0)
        {
            return null;
        }

        return (double)counts.Max() / counts.Min();
    }

    /// <summary>
    /// Shannon entropy of the distribution divided by log(number of classes): 1 when every class has the same count,
    /// 0 when one class has everything. Null with fewer than two classes or no items.
    /// </summary>
    public static double? NormalisedEntropy(IReadOnlyCollection<int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = counts.Sum();
        if (counts.Count < 2 || total == 0)
        {
            return null;
        }

        var entropy = counts.Where(c => c > 0).Select(c => (double)c / total).Sum(p => -p * Math.Log(p));
        return entropy / Math.Log(counts.Count);
    }

    /// <summary>
    /// Pearson's chi-square of a rows x columns table, its degrees of freedom, and Cramér's V. Empty rows and columns
    /// are left out; the statistics are null when fewer than two rows or columns remain.
    /// </summary>
    public static (double? ChiSquare, int DegreesOfFreedom, double? CramersV) Independence(IReadOnlyList<IReadOnlyList<int>> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var rows = cells.Where(r => r.Sum() > 0).ToList();
        var columnCount = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var columns = Enumerable.Range(0, columnCount).Where(j => rows.Sum(r => j < r.Count ? r[j] : 0) > 0).ToList();
        if (rows.Count < 2 || columns.Count < 2)
        {
            return (null, 0, null);
        }

        var rowTotals = rows.Select(r => (double)columns.Sum(j => r[j])).ToList();
        var columnTotals = columns.Select(j => (double)rows.Sum(r => r[j])).ToList();
        var total = rowTotals.Sum();
        var chiSquare = 0.0;
        for (var i = 0; i < rows.Count; i++)
        {
            for (var k = 0; k < columns.Count; k++)
            {
                var expected = rowTotals[i] * columnTotals[k] / total;
                var difference = rows[i][columns[k]] - expected;
                chiSquare += difference * difference / expected;
            }
        }

        var degrees = (rows.Count - 1) * (columns.Count - 1);
        var cramersV = Math.Sqrt(chiSquare / (total * Math.Min(rows.Count - 1, columns.Count - 1)));
        return (chiSquare, degrees, cramersV);
    }
}
