namespace DatasetForge.Training.Evaluation;

/// <summary>Mean absolute error, root mean squared error and mean signed error (bias) of a regression, in label units.</summary>
public sealed record RegressionMetrics(int Count, double Mae, double Rmse, double Bias)
{
    /// <summary>The metrics of <paramref name="predicted"/> against <paramref name="actual"/>; all 0 for no items.</summary>
    public static RegressionMetrics Of(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
        {
            throw new ArgumentException($"{actual.Count} true values but {predicted.Count} predictions.", nameof(predicted));
        }

        if (actual.Count == 0)
        {
            return new RegressionMetrics(0, 0, 0, 0);
        }

        var errors = actual.Select((a, i) => predicted[i] - a).ToList();
        return new RegressionMetrics(actual.Count, errors.Average(Math.Abs), Math.Sqrt(errors.Average(e => e * e)), errors.Average());
    }
}
