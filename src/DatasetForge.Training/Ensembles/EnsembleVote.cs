namespace DatasetForge.Training.Ensembles;

/// <summary>
/// Combines the class probabilities of several runs on the same items into one predicted class per item, by
/// (weighted) votes for each run's top class. Ties are broken by the weighted sum of the runs' probabilities, then by
/// the lower class index, so the result never depends on the order of the runs.
/// </summary>
public static class EnsembleVote
{
    /// <summary>
    /// The winning class of every item. <paramref name="probabilities"/>[run][item][class]; <paramref name="weights"/>
    /// one non-negative weight per run (null: every run weighs 1, plain majority voting).
    /// </summary>
    public static int[] Combine(IReadOnlyList<float[][]> probabilities, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Count == 0)
        {
            throw new ArgumentException("An ensemble needs at least one run.", nameof(probabilities));
        }

        if (weights is not null && (weights.Count != probabilities.Count || weights.Any(w => !(w >= 0)) || weights.Sum() <= 0))
        {
            throw new ArgumentException(
                $"Give one non-negative weight per run ({probabilities.Count}), not all zero; got [{string.Join(", ", weights)}].", nameof(weights));
        }

        var items = probabilities[0].Length;
        var classes = items == 0 ? 0 : probabilities[0][0].Length;
        if (probabilities.Any(run => run.Length != items || run.Any(row => row.Length != classes)))
        {
            throw new ArgumentException("Every run must give probabilities for the same items and classes.", nameof(probabilities));
        }

        var winners = new int[items];
        var votes = new double[classes];
        var mass = new double[classes];
        for (var i = 0; i < items; i++)
        {
            Array.Clear(votes);
            Array.Clear(mass);
            for (var r = 0; r < probabilities.Count; r++)
            {
                var weight = weights?[r] ?? 1;
                var row = probabilities[r][i];
                votes[Runs.ModelTrainer.ArgMax(row)] += weight;
                for (var c = 0; c < classes; c++)
                {
                    mass[c] += weight * row[c];
                }
            }

            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (votes[c] > votes[best] || (votes[c] == votes[best] && mass[c] > mass[best]))
                {
                    best = c;
                }
            }

            winners[i] = best;
        }

        return winners;
    }
}
