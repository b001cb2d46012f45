using DatasetForge.Curation.Detection;
using OpenCvSharp;

namespace DatasetForge.Curation.Tests.Support;

/// <summary>Lends the fixture's detector to a stage without letting the stage dispose it.</summary>
public sealed class SharedDetector(IFaceDetector inner, string? name = null, Action? onDetect = null) : IFaceDetector
{
    public string Name => name ?? inner.Name;

    public IReadOnlyList<FaceDetection> Detect(Mat image)
    {
        onDetect?.Invoke();
        return inner.Detect(image);
    }

    public void Dispose()
    {
    }
}
