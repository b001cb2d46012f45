using DatasetForge.Core.Workspace;
using DatasetForge.Curation.Detection;
using DatasetForge.Curation.Stage;
using Microsoft.EntityFrameworkCore;
using OpenCvSharp;

namespace DatasetForge.Sources.Tests;

public sealed class PrecroppedCurationTests
{
    [Fact]
    public async Task Curate_PrecroppedSource_UsesTheWholeImageAsTheFaceWithoutDetecting()
    {
        using var fixture = new ImportFixture("dataset: faces\nlabel: gender\ncuration:\n  minImageSide: 16\n  minSharpness: 0\n");
        File.WriteAllText(fixture.Data("train.csv"), "id,label\n1,female\n2,male\n");
        fixture.Image("train/1.jpg", 1, 80, 80);
        fixture.Image("train/2.jpg", 2, 80, 80);
        fixture.Manifest("train.yaml", "source: train\nkind: csv\ncsv: data/train.csv\nimages: data/train\nprecropped: true\n");
        var context = fixture.Context();
        await new ImportStage().RunAsync(context);
        using var detector = new CountingDetector();

        await new CurateStage(_ => detector).RunAsync(context);

        detector.Calls.ShouldBe(0);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        var faces = await catalogue.Faces.ToListAsync();
        faces.Count.ShouldBe(2);
        faces.ShouldAllBe(f => f.FaceCount == 1 && f.X == 0 && f.Y == 0 && f.Width == 80 && f.Height == 80 && f.CropPath != null);
        (await catalogue.Decisions.AnyAsync(d => d.Stage == "curate" && d.Rule == "no-face" && d.Outcome == "Rejected")).ShouldBeFalse();
        (await catalogue.Decisions.AnyAsync(d => d.Rule == "unknown-role")).ShouldBeFalse("imported items have no roles to judge");
    }

    [Fact]
    public async Task Curate_UnlabelledSource_KeepsItsCroppedItemsOutOfEveryVersion()
    {
        using var fixture = new ImportFixture("dataset: faces\nlabel: gender\ncuration:\n  minImageSide: 16\n  minSharpness: 0\n");
        File.WriteAllText(fixture.Data("train.csv"), "id,label\n1,a\n2,b\n");
        File.WriteAllText(fixture.Data("test.csv"), "id\n9\n");
        fixture.Image("train/1.jpg", 1, 80, 80);
        fixture.Image("train/2.jpg", 2, 80, 80);
        fixture.Image("test/9.jpg", 9, 80, 80);
        fixture.Manifest("train.yaml", "source: train\nkind: csv\ncsv: data/train.csv\nimages: data/train\nprecropped: true\n");
        fixture.Manifest("test.yaml", "source: test\nkind: csv\ncsv: data/test.csv\nimages: data/test\nprecropped: true\nunlabelled: true\n");
        var context = fixture.Context();
        await new ImportStage().RunAsync(context);
        using var detector = new CountingDetector();

        await new CurateStage(_ => detector).RunAsync(context);
        var export = await new Export.ExportStage().RunAsync(context);

        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        var unlabelled = await catalogue.Items.Include(p => p.Photo).ThenInclude(p => p!.Face).SingleAsync(p => p.Key == "9");
        unlabelled.Status.ShouldBe(Catalogue.Entities.ItemStatus.Kept, $"a test item is curated and cropped for predictions (rejected by {unlabelled.StatusRule})");
        unlabelled.Photo!.Face!.CropPath.ShouldNotBeNull();
        (await catalogue.Decisions.AnyAsync(d => d.SubjectId == unlabelled.Id && d.Rule == "no-label")).ShouldBeFalse();
        export.Counts["items"].ShouldBeGreaterThan(0);
        (await catalogue.VersionItems.AnyAsync(i => i.PersonId == unlabelled.Id)).ShouldBeFalse("an unlabelled item never enters a version");
    }

    [Fact]
    public async Task Scrape_DatasetOfImportedSourcesOnly_ScrapesNothing()
    {
        using var fixture = new ImportFixture();
        File.WriteAllText(fixture.Data("train.csv"), "id,label\n");
        Directory.CreateDirectory(fixture.Data("train/x")[..^2]);
        fixture.Manifest("train.yaml", "source: train\nkind: csv\ncsv: data/train.csv\nimages: data/train\n");
        using var scrape = new Scraping.ScrapeStage();

        var result = await scrape.RunAsync(fixture.Context());

        result.Counts["sources"].ShouldBe(0);
    }

    [Fact]
    public async Task Curate_PrecroppedImage_CropIsTheWholeImageResized_NoMarginAndNoPadding()
    {
        using var fixture = new ImportFixture("dataset: faces\nlabel: gender\ncuration:\n  minImageSide: 16\n  minSharpness: 0\n  cropSize: 64\n");
        File.WriteAllText(fixture.Data("train.csv"), "id,label\n1,female\n");
        fixture.Image("train/1.png", 1, 80, 80);
        fixture.Manifest("train.yaml", "source: train\nkind: csv\ncsv: data/train.csv\nimages: data/train\nfileName: \"{id}.png\"\nprecropped: true\n");
        var context = fixture.Context();
        await new ImportStage().RunAsync(context);
        using var detector = new CountingDetector();

        await new CurateStage(_ => detector).RunAsync(context);

        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        var face = await catalogue.Faces.SingleAsync();
        using var crop = Cv2.ImRead(Path.Combine(fixture.Workspace.Root, face.CropPath!), ImreadModes.Unchanged);
        using var original = Cv2.ImRead(fixture.Data("train/1.png"), ImreadModes.Color);
        using var expected = Curation.Cropping.FaceCropper.Whole(original, 64, 64);
        crop.Width.ShouldBe(64);
        // The same pixels as the whole image resized (what forge predict --precropped feeds), not the face shrunk into
        // half the crop with its edges repeated around it.
        using var difference = new Mat();
        Cv2.Absdiff(crop, expected, difference);
        Cv2.Norm(difference, NormTypes.INF).ShouldBe(0);
    }

    [Fact]
    public async Task Curate_GreyImage_CropIsStoredAsOneChannelWithTheSamePixels()
    {
        using var fixture = new ImportFixture("dataset: garments\nlabel: kind\ncuration:\n  minImageSide: 8\n  minSharpness: 0\n  cropSize: 64\n");
        File.WriteAllText(fixture.Data("train.csv"), "id,label\n1,coat\n2,shirt\n");
        using (var colour = ImportFixture.Frame(2, 28, 28))
        using (var grey = new Mat())
        {
            Cv2.CvtColor(colour, grey, ColorConversionCodes.BGR2GRAY);
            Cv2.ImWrite(fixture.Data("train/1.png"), grey);
        }

        fixture.Image("train/2.png", 3, 28, 28);
        fixture.Manifest("train.yaml", "source: train\nkind: csv\ncsv: data/train.csv\nimages: data/train\nfileName: \"{id}.png\"\nprecropped: true\n");
        var context = fixture.Context();
        await new ImportStage().RunAsync(context);
        using var detector = new CountingDetector();

        await new CurateStage(_ => detector).RunAsync(context);

        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        var faces = await catalogue.Faces.ToListAsync();
        faces.Count.ShouldBe(2);
        foreach (var face in faces)
        {
            var path = Path.Combine(fixture.Workspace.Root, face.CropPath!);
            using var stored = Cv2.ImRead(path, ImreadModes.Unchanged);
            using var asColour = Cv2.ImRead(path, ImreadModes.Color);
            using var original = Cv2.ImRead(fixture.Data($"train/{(face.IsGreyscale == true ? 1 : 2)}.png"), ImreadModes.Color);
            using var expected = Curation.Cropping.FaceCropper.Whole(original, 64, 64);
            // Only the grey photo's crop loses its two copied channels; read as colour, both are the pixels cut.
            stored.Channels().ShouldBe(face.IsGreyscale == true ? 1 : 3);
            using var difference = new Mat();
            Cv2.Absdiff(asColour, expected, difference);
            Cv2.Norm(difference, NormTypes.INF).ShouldBe(0);
            face.CropSha256.ShouldBe(ContentHash.Of(File.ReadAllBytes(path)));
        }

        faces.Count(f => f.IsGreyscale == true).ShouldBe(1);
    }

    /// <summary>A detector that finds nothing and counts its calls: the precropped path must never call it.</summary>
    private sealed class CountingDetector : IFaceDetector
    {
        private int _calls;

        public int Calls => _calls;

        public string Name => "counting";

        public IReadOnlyList<FaceDetection> Detect(Mat image)
        {
            Interlocked.Increment(ref _calls);
            return [];
        }

        public void Dispose()
        {
        }
    }
}
