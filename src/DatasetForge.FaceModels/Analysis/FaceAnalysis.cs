namespace DatasetForge.FaceModels.Analysis;

/// <summary>
/// What face-api's networks say about one face: 68 landmarks, the regions they align, the 128-number descriptor,
/// the estimated age and the gender probabilities. Estimates, not facts: see <see cref="FaceAnalyzer.ModelName"/>.
/// </summary>
/// <param name="Landmarks">The 68 points in photo pixels (x, y), in the iBUG 300-W order face-api uses.</param>
/// <param name="DescriptorRegion">
/// face-api's dlib-aligned region in the photo (clipped to it): what the descriptor was computed from with
/// <see cref="DescriptorAlignment.FaceApi"/>; with <see cref="DescriptorAlignment.LevelEyes"/> the descriptor comes from
/// the same kind of box on the levelled face.
/// </param>
/// <param name="AgeGenderRegion">The landmarks' bounding box padded by 20 % (clipped), for age and gender.</param>
/// <param name="Descriptor">The face descriptor; faces of one person lie within about 0.6 of each other (Euclidean).</param>
/// <param name="Age">The estimated age in years.</param>
/// <param name="MaleProbability">The network's probability that the face is male (1 minus it: female).</param>
public sealed record FaceAnalysis(
    IReadOnlyList<(float X, float Y)> Landmarks,
    FaceRegion DescriptorRegion,
    FaceRegion AgeGenderRegion,
    float[] Descriptor,
    float Age,
    float MaleProbability)
{
    /// <summary>The more likely of the network's two classes: <c>male</c> or <c>female</c>.</summary>
    public string Gender => MaleProbability > 0.5f ? FaceAnalyzer.Male : FaceAnalyzer.Female;

    /// <summary>The probability of <see cref="Gender"/> (0.5 to 1), as face-api reports it.</summary>
    public float GenderProbability => MaleProbability > 0.5f ? MaleProbability : 1 - MaleProbability;

    /// <summary>Euclidean distance between two descriptors (face-api's <c>euclideanDistance</c>).</summary>
    public static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"descriptors of {a.Length} and {b.Length} numbers cannot be compared");
        }

        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }
}
