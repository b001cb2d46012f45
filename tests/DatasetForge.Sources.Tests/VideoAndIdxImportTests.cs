using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using OpenCvSharp;

namespace DatasetForge.Sources.Tests;

public sealed class VideoAndIdxImportTests
{
    [Fact]
    public async Task RunAsync_MjpegVideo_SamplesAFrameEverySecondWithLeftAndRightHalves()
    {
        using var fixture = new ImportFixture("dataset: cartoons\nlabel: character\n");
        var video = fixture.Data("episode.avi");
        using (var writer = new VideoWriter(video, FourCC.MJPG, 10, new Size(64, 48)))
        {
            writer.IsOpened().ShouldBeTrue();
            for (var i = 0; i < 35; i++)
            {
                using var frame = ImportFixture.Frame(i, 64, 48);
                writer.Write(frame);
            }
        }

        fixture.Manifest("episode.yaml", "source: episode\nkind: video\npath: data/episode.avi\nlabel: homer\neverySeconds: 1\ncrops: [full, left, right]\n");
        var stage = new ImportStage();

        var first = await stage.RunAsync(fixture.Context());
        var second = await stage.RunAsync(fixture.Context());

        first.Counts["new"].ShouldBe(12);
        first.Counts["rejected"].ShouldBe(0);
        second.Counts["new"].ShouldBe(0);
        second.Counts["changed"].ShouldBe(0);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        var persons = await catalogue.Items.Include(p => p.Photo).ToDictionaryAsync(p => p.Key);
        persons.Keys.Order(StringComparer.Ordinal).Take(3).ShouldBe(["episode.avi@00:00:00.000", "episode.avi@00:00:00.000#left", "episode.avi@00:00:00.000#right"]);
        persons.ShouldContainKey("episode.avi@00:00:03.000#right");
        persons["episode.avi@00:00:02.000"].Label.ShouldBe("homer");
        persons["episode.avi@00:00:02.000"].FacetsJson.ShouldContain("\"timestamp\":\"2\"");
        persons["episode.avi@00:00:02.000"].FacetsJson.ShouldContain("\"frame\":\"20\"");
        using var left = Cv2.ImRead(fixture.Workspace.BlobPath(persons["episode.avi@00:00:02.000#left"].Photo!.Sha256));
        left.Width.ShouldBe(32);
        left.Height.ShouldBe(48);
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(0, 4)]
    public async Task Curate_VideoFrames_CropsOfOneFrameAndFramesCloseInTimeShareAGroup(double seconds, int groups)
    {
        // Perceptual-hash matching off, so only the video rule groups these synthetic frames.
        using var fixture = new ImportFixture($"dataset: cartoons\nlabel: character\ncuration:\n  videoGroupSeconds: {seconds}\n  nearDuplicateDistance: -1\n  imageNearDuplicateDistance: -1\n");
        var video = fixture.Data("episode.avi");
        using (var writer = new VideoWriter(video, FourCC.MJPG, 10, new Size(64, 48)))
        {
            for (var i = 0; i < 35; i++)
            {
                using var frame = ImportFixture.Frame(i, 64, 48);
                writer.Write(frame);
            }
        }

        fixture.Manifest("episode.yaml", "source: episode\nkind: video\npath: data/episode.avi\nlabel: homer\neverySeconds: 1\ncrops: [full, left, right]\n");
        await new ImportStage().RunAsync(fixture.Context());

        await new Curation.Stage.CurateStage().RunAsync(fixture.Context());

        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        var persons = await catalogue.Items.ToListAsync();
        persons.Count.ShouldBe(12);
        persons.Select(p => p.GroupId).Distinct().Count().ShouldBe(groups);
        // Whatever the limit, the full frame and its halves are never apart.
        persons.GroupBy(p => p.Key.Split('#')[0]).ShouldAllBe(frame => frame.Select(p => p.GroupId).Distinct().Count() == 1);
    }

    [Fact]
    public async Task RunAsync_GzippedIdx_ImportsEveryImageAsPngWithItsNamedLabel()
    {
        using var fixture = new ImportFixture("dataset: fashion\nlabel: garment\n");
        var pixels = Enumerable.Range(0, 5).Select(i => Enumerable.Range(0, 28 * 28).Select(p => (byte)((p * (i + 1)) % 256)).ToArray()).ToList();
        WriteIdx(fixture.Data("images.gz"), 0x00000803, [5, 28, 28], [.. pixels.SelectMany(p => p)]);
        WriteIdx(fixture.Data("labels.gz"), 0x00000801, [5], [0, 9, 3, 0, 7]);
        fixture.Manifest("fashion.yaml", """
            source: fashion
            kind: idx
            images: data/images.gz
            labels: data/labels.gz
            values:
              garment: { "0": T-shirt/top, "3": Dress, "7": Sneaker, "9": Ankle boot }
            """);

        var result = await new ImportStage().RunAsync(fixture.Context());

        result.Counts["new"].ShouldBe(5);
        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        var persons = await catalogue.Items.Include(p => p.Photo).OrderBy(p => p.Key).ToListAsync();
        persons.Select(p => p.Label).ShouldBe(["T-shirt/top", "Ankle boot", "Dress", "T-shirt/top", "Sneaker"]);
        persons[0].Key.ShouldBe("images.gz#0");
        persons[1].Photo!.ContentType.ShouldBe("image/png");
        using var decoded = Cv2.ImRead(fixture.Workspace.BlobPath(persons[1].Photo!.Sha256), ImreadModes.Unchanged);
        decoded.Width.ShouldBe(28);
        decoded.At<byte>(0, 3).ShouldBe(pixels[1][3]);
    }

    [Fact]
    public async Task RunAsync_IdxCountsDisagree_RecordsTheProblemAndImportsTheOtherSources()
    {
        using var fixture = new ImportFixture("dataset: fashion\nlabel: garment\n");
        WriteIdx(fixture.Data("images.gz"), 0x00000803, [2, 28, 28], new byte[2 * 28 * 28]);
        WriteIdx(fixture.Data("labels.gz"), 0x00000801, [3], [1, 2, 3]);
        fixture.Image("shoes/boot/a.jpg", 1);
        fixture.Manifest("fashion.yaml", "source: fashion\nkind: idx\nimages: data/images.gz\nlabels: data/labels.gz\n");
        fixture.Manifest("shoes.yaml", "source: shoes\nkind: folder\npath: data/shoes\n");

        var result = await new ImportStage().RunAsync(fixture.Context());

        result.Counts["failedSources"].ShouldBe(1);
        result.Counts["new"].ShouldBe(1);
        result.Summary.ShouldContain("images.gz holds 2 images but data/labels.gz holds 3 labels");
    }

    private static void WriteIdx(string path, int magic, int[] dimensions, byte[] data)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        var header = new byte[4 + (4 * dimensions.Length)];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (var i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        gzip.Write(header);
        gzip.Write(data);
    }
}
