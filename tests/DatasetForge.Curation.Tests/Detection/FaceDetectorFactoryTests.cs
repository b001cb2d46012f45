using DatasetForge.Core.Definitions;
using DatasetForge.Curation.Detection;
using DatasetForge.Curation.Tests.Support;

namespace DatasetForge.Curation.Tests.Detection;

public sealed class FaceDetectorFactoryTests
{
    [Fact]
    public void Create_Blazeface_LoadsTheAssetModels()
    {
        _ = TestAssets.SamplePath(1);

        using var detector = FaceDetectorFactory.Create(new CurationOptions());

        detector.ShouldBeOfType<BlazeFaceDetector>().Name.ShouldBe("blazeface");
    }

    [Fact]
    public void Create_UnknownName_ThrowsListingTheChoices()
    {
        var error = Should.Throw<ArgumentException>(() => FaceDetectorFactory.Create(new CurationOptions { Detector = "yolo" }));

        error.Message.ShouldContain("'yolo'");
        error.Message.ShouldContain("blazeface");
    }

    [Fact]
    public void Create_Haar_FindsFacesInAPortraitWhenOpenCvDataIsInstalled()
    {
        if (!File.Exists(HaarFaceDetector.SystemCascadePath))
        {
            return;
        }

        using var detector = FaceDetectorFactory.Create(new CurationOptions { Detector = "haar" });
        using var sample = TestAssets.LoadSample(6);

        detector.Name.ShouldBe("haar");
        detector.Detect(sample).ShouldNotBeEmpty();
    }
}
