using DatasetForge.FaceModels.Analysis;
using DatasetForge.Testing;
using OpenCvSharp;

namespace DatasetForge.FaceModels.Tests.Analysis;

/// <summary>
/// One <see cref="FaceAnalyzer"/> for the test run (building the networks reads 7 MB of weights), and our analyses of
/// the reference faces, computed once.
/// </summary>
public sealed class AnalyzerFixture : IDisposable
{
    private readonly Lazy<IReadOnlyList<(FaceApiReference.Face Expected, FaceAnalysis Actual)>> _pairs;

    public AnalyzerFixture() => _pairs = new(ComputePairs);

    public FaceAnalyzer Analyzer { get; } = FaceAnalyzer.Load(TestAssets.Require(FaceAnalyzer.ModelDirectory));

    /// <summary>Each face of the face-api reference with our analysis of the same box.</summary>
    public IReadOnlyList<(FaceApiReference.Face Expected, FaceAnalysis Actual)> ReferencePairs => _pairs.Value;

    public void Dispose() => Analyzer.Dispose();

    private IReadOnlyList<(FaceApiReference.Face Expected, FaceAnalysis Actual)> ComputePairs()
    {
        var reference = FaceApiReference.Load();
        var result = new List<(FaceApiReference.Face, FaceAnalysis)>();
        foreach (var photo in reference.Faces.GroupBy(f => f.Sample))
        {
            using var image = Cv2.ImDecode(File.ReadAllBytes(Path.Combine(TestAssets.SamplePhotosDirectory, $"sample{photo.Key}.jpg")), ImreadModes.Color);
            var faces = photo.ToList();
            // face-api's own alignment: the reference is face-api's pipeline.
            var analyses = Analyzer.Analyze(image, [.. faces.Select(f => new FaceRegion(f.Box[0], f.Box[1], f.Box[2], f.Box[3]))], DescriptorAlignment.FaceApi);
            result.AddRange(faces.Zip(analyses, (f, a) => (f, a ?? throw new InvalidOperationException($"no analysis for a face of sample{photo.Key}"))));
        }

        return result;
    }
}

[CollectionDefinition(Name)]
public sealed class AnalyzerCollection : ICollectionFixture<AnalyzerFixture>
{
    public const string Name = "face analyzer";
}
