using DatasetForge.Core.Assets;
using DatasetForge.Curation.Detection;

namespace DatasetForge.Curation.Tests.Support;

/// <summary>One BlazeFace detector (both models loaded once) shared by the tests of a collection.</summary>
public sealed class DetectorFixture : IDisposable
{
    public DetectorFixture()
    {
        Detector = new BlazeFaceDetector(
            TestAssets.Require(AssetLocator.BlazeFaceFront),
            TestAssets.Require(AssetLocator.BlazeFaceBack));
    }

    public BlazeFaceDetector Detector { get; }

    public void Dispose() => Detector.Dispose();
}
