using DatasetForge.Core.Evaluation;

namespace DatasetForge.Training.Evaluation;

/// <summary>Accuracy, per-class precision/recall/F1 with support, macro F1 and the confusion matrix of a classifier.</summary>
public static class MetricsCalculator
{
    /// <summary>
    /// Computes the metrics of <paramref name="predicted"/> against <paramref name="actual"/> (class indices into
    /// <paramref name="classes"/>). A ratio with a zero denominator is 0 (a precision so made is marked undefined); macro F1 averages the classes
    /// the split holds, and those it lacks are listed in <see cref="ClassificationMetrics.AbsentClasses"/>.
    /// </summary>
    public static ClassificationMetrics Compute(
        string runId, string versionId, string split, IReadOnlyList<string> classes, IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
        {
            throw new ArgumentException($"{actual.Count} true labels but {predicted.Count} predictions.", nameof(predicted));
        }

        var n = classes.Count;
        var matrix = new int[n][];
        for (var i = 0; i < n; i++)
        {
            matrix[i] = new int[n];
        }

        for (var i = 0; i < actual.Count; i++)
        {
            if ((uint)actual[i] >= (uint)n || (uint)predicted[i] >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(actual), $"Class index out of range at item {i}.");
            }

            matrix[actual[i]][predicted[i]]++;
        }

        var perClass = new List<ClassMetrics>(n);
        var correct = 0;
        for (var c = 0; c < n; c++)
        {
            var truePositives = matrix[c][c];
            correct += truePositives;
            var support = matrix[c].Sum();
            var predictedAs = matrix.Sum(row => row[c]);
            var precision = Ratio(truePositives, predictedAs);
            var recall = Ratio(truePositives, support);
            var f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            perClass.Add(new ClassMetrics(classes[c], precision, recall, f1, support, PrecisionDefined: predictedAs > 0));
        }

        return new ClassificationMetrics
        {
            RunId = runId,
            VersionId = versionId,
            Split = split,
            Count = actual.Count,
            Accuracy = Ratio(correct, actual.Count),
            MacroF1 = perClass.Any(m => m.Support > 0) ? perClass.Where(m => m.Support > 0).Average(m => m.F1) : 0,
            AbsentClasses = [.. perClass.Where(m => m.Support == 0).Select(m => m.Label)],
            Classes = [.. classes],
            PerClass = perClass,
            ConfusionMatrix = [.. matrix.Select(row => (IReadOnlyList<int>)row)],
        };
    }

    /// <summary>
    /// Whether an accuracy on <paramref name="count"/> items lies within two standard errors of guessing uniformly among
    /// <paramref name="classes"/> classes: too close to chance to show any skill.
    /// </summary>
    public static bool NearChance(double accuracy, int count, int classes)
    {
        if (classes < 2 || count < 1)
        {
            return true;
        }

        var chance = 1.0 / classes;
        return accuracy < chance + (2 * Math.Sqrt(chance * (1 - chance) / count));
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
