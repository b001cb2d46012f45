namespace DatasetForge.Training.Evaluation;

/// <summary>
/// One point of the reject curve: predictions whose top probability is below <paramref name="Threshold"/> are rejected
/// ("none of these"). Coverage: share of items accepted; precision: share of accepted items that are right; recall: share
/// of all items accepted and right.
/// </summary>
public sealed record ThresholdPoint(double Threshold, double Coverage, double Precision, double Recall)
{
    /// <summary>The curve at thresholds 0, 0.05, …, 0.95.</summary>
    public static IReadOnlyList<ThresholdPoint> Curve(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, IReadOnlyList<float> confidence)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(confidence);
        var points = new List<ThresholdPoint>();
        for (var step = 0; step < 20; step++)
        {
            var threshold = step * 0.05;
            var accepted = 0;
            var right = 0;
            for (var i = 0; i < actual.Count; i++)
            {
                if (confidence[i] >= threshold)
                {
                    accepted++;
                    right += actual[i] == predicted[i] ? 1 : 0;
                }
            }

            var n = Math.Max(1, actual.Count);
            points.Add(new ThresholdPoint(threshold, (double)accepted / n, accepted == 0 ? 0 : (double)right / accepted, (double)right / n));
        }

        return points;
    }
}
