namespace DatasetForge.Training.Prediction;

/// <summary>
/// The model's answer for one image: the label (a class name, or the predicted number for regression), the
/// probability of that class (NaN for regression) and the probability of every class in the run's class order.
/// </summary>
public sealed record Prediction(string Id, string Label, double Confidence, IReadOnlyList<float> Probabilities);
