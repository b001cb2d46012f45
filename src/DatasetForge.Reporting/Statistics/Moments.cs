namespace DatasetForge.Reporting.Statistics;

/// <summary>Running count, mean and variance (Welford), so groups can be summarised in one pass and merged.</summary>
public sealed class Moments
{
    private double _m2;

    public int Count { get; private set; }

    public double Mean { get; private set; }

    /// <summary>Sample standard deviation; 0 with fewer than two values.</summary>
    public double StandardDeviation => Count < 2 ? 0 : Math.Sqrt(_m2 / (Count - 1));

    public void Add(double value)
    {
        Count++;
        var delta = value - Mean;
        Mean += delta / Count;
        _m2 += delta * (value - Mean);
    }

    /// <summary>
    /// Cohen's d of <paramref name="group"/> against <paramref name="rest"/>: the difference of means over the pooled
    /// standard deviation. Null when either has fewer than two values; when both spreads are zero, a difference counts
    /// as infinitely large and none as zero.
    /// </summary>
    public static double? EffectSize(Moments group, Moments rest)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(rest);
        if (group.Count < 2 || rest.Count < 2)
        {
            return null;
        }

        var pooled = Math.Sqrt((((group.Count - 1) * group.StandardDeviation * group.StandardDeviation) + ((rest.Count - 1) * rest.StandardDeviation * rest.StandardDeviation)) / (group.Count + rest.Count - 2));
        var difference = group.Mean - rest.Mean;
        if (pooled < 1e-9)
        {
            return Math.Abs(difference) < 1e-9 ? 0 : Math.Sign(difference) * double.PositiveInfinity;
        }

        return difference / pooled;
    }
}
