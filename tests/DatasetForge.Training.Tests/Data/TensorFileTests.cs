using DatasetForge.Core.Pipeline;
using DatasetForge.Core.Workspace;
using DatasetForge.Testing;
using DatasetForge.Training.Data;
using DatasetForge.Training.Tests.Support;
using OpenCvSharp;

namespace DatasetForge.Training.Tests.Data;

public sealed class TensorFileTests : IDisposable
{
    private const int Side = 20;
    private readonly string _root = Directory.CreateTempSubdirectory("forge-tensors-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Decodes_once_then_maps_the_same_pixels_as_the_decoder()
    {
        var items = WriteItems(12);
        var path = Path.Combine(_root, "cache", "v1-20.bin");
        var reports = new List<int>();

        using (var first = TensorFile.Open(items, Side, path, new SyncProgress<int>(reports.Add)))
        {
            first.Decoded.ShouldBeTrue();
            first.Count.ShouldBe(12);
            reports.ShouldNotBeEmpty();
            reports[^1].ShouldBe(12);
        }

        var written = File.GetLastWriteTimeUtc(path);
        using var second = TensorFile.Open(items, Side, path);
        second.Decoded.ShouldBeFalse();
        File.GetLastWriteTimeUtc(path).ShouldBe(written);
        foreach (var item in items)
        {
            var expected = ImageDecoder.Decode(item.FilePath, Side);
            var read = second.Read(item);
            read.Channels.ShouldBe(expected.Channels);
            read.Pixels.ToArray().ShouldBe(expected.Pixels.ToArray());
        }

        Directory.GetFiles(Path.GetDirectoryName(path)!).ShouldBe([path]);
    }

    [Fact]
    public void Keeps_grey_images_grey_and_colour_images_in_colour()
    {
        var items = WriteItems(4, grey: i => i % 2 == 0);
        using var file = TensorFile.Open(items, Side, Path.Combine(_root, "t.bin"));

        items.Select(i => file.ChannelsAt(file.EntryOf(i))).ShouldBe([1, 3, 1, 3]);
        ImageSet.ChannelsOf(items.Where((_, i) => i % 2 == 0), file).ShouldBe(1);
        ImageSet.ChannelsOf(items, file).ShouldBe(3);
    }

    [Fact]
    public void A_grey_picture_in_a_colour_file_is_decoded_as_grey()
    {
        using var grey = new Mat(24, 24, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Randu(grey, Scalar.All(0), Scalar.All(255));
        using var colour = new Mat();
        Cv2.CvtColor(grey, colour, ColorConversionCodes.GRAY2BGR);
        var greyPath = Path.Combine(_root, "grey-as-colour.png");
        Cv2.ImWrite(greyPath, colour);
        colour.Set(5, 7, new Vec3b(10, 200, 30));
        var tintedPath = Path.Combine(_root, "one-colour-pixel.png");
        Cv2.ImWrite(tintedPath, colour);

        var decoded = ImageDecoder.Decode(greyPath, 24);
        decoded.Channels.ShouldBe(1);
        using var expected = Cv2.ImRead(greyPath, ImreadModes.Grayscale);
        decoded.Pixels.ToArray().ShouldBe(expected.AsSpan<byte>().ToArray());
        ImageDecoder.Decode(tintedPath, 24).Channels.ShouldBe(3);
    }

    [Fact]
    public void Another_set_of_images_or_another_side_rebuilds_the_file()
    {
        var items = WriteItems(6);
        var path = Path.Combine(_root, "t.bin");
        TensorFile.Open(items, Side, path).Dispose();

        using (var fewer = TensorFile.Open(items.Take(5).ToList(), Side, path))
        {
            fewer.Decoded.ShouldBeTrue();
            fewer.Count.ShouldBe(5);
            fewer.Contains(items[5].Sha256).ShouldBeFalse();
            Should.Throw<ArgumentException>(() => fewer.EntryOf(items[5])).Message.ShouldContain(items[5].Id);
        }

        using var larger = TensorFile.Open(items, Side + 4, path);
        larger.Decoded.ShouldBeTrue();
        larger.Read(items[0]).Pixels.Length.ShouldBe((Side + 4) * (Side + 4) * 3);
    }

    [Fact]
    public void Items_with_the_same_content_share_one_entry()
    {
        var items = WriteItems(3);
        var copy = items[0] with { Id = "copy-of-0", Split = "test" };
        using var file = TensorFile.Open([.. items, copy], Side, Path.Combine(_root, "t.bin"));

        file.Count.ShouldBe(3);
        file.EntryOf(copy).ShouldBe(file.EntryOf(items[0]));
    }

    [Fact]
    public void A_truncated_file_is_written_again()
    {
        var items = WriteItems(5);
        var path = Path.Combine(_root, "t.bin");
        TensorFile.Open(items, Side, path).Dispose();
        var length = new FileInfo(path).Length;
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(length - 100);
        }

        using var reopened = TensorFile.Open(items, Side, path);
        reopened.Decoded.ShouldBeTrue();
        new FileInfo(path).Length.ShouldBe(length);
        reopened.Read(items[4]).Pixels.ToArray().ShouldBe(ImageDecoder.Decode(items[4].FilePath, Side).Pixels.ToArray());
    }

    [Fact]
    public void An_image_that_cannot_be_decoded_names_its_file_and_item_and_leaves_no_file()
    {
        var items = WriteItems(4);
        var broken = Path.Combine(_root, "broken.png");
        File.WriteAllBytes(broken, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var bad = new VersionItem("item-broken", "a", 0, "train", broken, new string('e', 64));
        var path = Path.Combine(_root, "cache", "t.bin");

        var error = Should.Throw<InvalidDataException>(() => TensorFile.Open([.. items, bad], Side, path));

        error.Message.ShouldContain(broken);
        error.Message.ShouldContain("item-broken");
        Directory.Exists(Path.GetDirectoryName(path)).ShouldBeTrue();
        Directory.GetFiles(Path.GetDirectoryName(path)!).ShouldBeEmpty();
    }

    [Fact]
    public void Cancelling_while_decoding_leaves_no_file_and_the_next_open_decodes()
    {
        var items = WriteItems(600);
        var path = Path.Combine(_root, "cache", "t.bin");
        using var cancel = new CancellationTokenSource();

        Should.Throw<OperationCanceledException>(
            () => TensorFile.Open(items, Side, path, new SyncProgress<int>(_ => cancel.Cancel()), cancel.Token));

        Directory.GetFiles(Path.GetDirectoryName(path)!).ShouldBeEmpty();
        using var file = TensorFile.Open(items, Side, path);
        file.Decoded.ShouldBeTrue();
        file.Count.ShouldBe(600);
    }

    [Fact]
    public void A_set_read_from_the_file_gives_the_same_batches_as_one_held_in_memory()
    {
        var items = WriteItems(10, grey: i => i < 3);
        using var file = TensorFile.Open(items, Side, Path.Combine(_root, "t.bin"));
        var fromFile = ImageSet.FromFile(items, file, channels: 3);
        var inMemory = new ImageSet(items, [.. items.Select(i => ImageDecoder.Decode(i.FilePath, Side))], 3, Side);
        var augmentation = new Augmentation(FlipProbability: 0.5, MaxShiftFraction: 0.1, MinCropScale: 0.8, RotationDegrees: 10, ColourJitter: 0.2);
        int[] batch = [0, 4, 2, 9, 1];

        fromFile.Prepare(batch).Pixels.ShouldBe(inMemory.Prepare(batch).Pixels);
        fromFile.Prepare(batch, augmentation, new Random(3)).Pixels.ShouldBe(inMemory.Prepare(batch, augmentation, new Random(3)).Pixels);
        fromFile.ImageAt(4).Pixels.ToArray().ShouldBe(inMemory.ImageAt(4).Pixels.ToArray());
    }

    [Fact]
    public void The_workspace_keeps_one_file_per_version_and_side_in_its_cache_folder()
    {
        var workspace = new DatasetWorkspace(_root, "faces");

        TensorFile.PathFor(workspace, "v-abc", 64).ShouldBe(Path.Combine(_root, "faces", "cache", "tensors", "v-abc-64.bin"));
    }

    [Fact]
    public async Task A_stage_hears_every_decode_report_before_the_file_is_open()
    {
        // A report posted to the thread pool (Progress<T>) could arrive after the epochs that follow the decoding, and
        // the progress display would rewind the training bar to "decode"; the stage's reports come on the decoding thread.
        await using var version = await TestVersion.CreateAsync(perClass: 6);
        var data = await VersionReader.ReadAsync(version.Workspace, version.Version);
        var reports = new RecordingProgress<StageProgress>();
        var context = version.Context() with { Progress = reports };

        using (TensorFile.OpenVersion(context, PipelineStage.Train, data, Side))
        {
            var heard = reports.Reports;
            heard.ShouldNotBeEmpty();
            heard.ShouldAllBe(r => r.Stage == PipelineStage.Train && r.Step == "decode");
            heard[^1].Done.ShouldBe(heard[^1].Total!.Value);
            heard.Select(r => r.Done).ShouldBeInOrder();
        }
    }

    /// <summary>Writes <paramref name="count"/> distinct 32x24 PNGs (grey where <paramref name="grey"/> says) as version items.</summary>
    private List<VersionItem> WriteItems(int count, Func<int, bool>? grey = null)
    {
        var items = new List<VersionItem>();
        for (var i = 0; i < count; i++)
        {
            var isGrey = grey?.Invoke(i) ?? false;
            using var image = new Mat(24, 32, isGrey ? MatType.CV_8UC1 : MatType.CV_8UC3, Scalar.All(0));
            Cv2.Randu(image, Scalar.All(0), Scalar.All(255));
            Cv2.PutText(image, i.ToString(System.Globalization.CultureInfo.InvariantCulture), new Point(2, 20), HersheyFonts.HersheySimplex, 0.6, Scalar.All(255));
            var path = Path.Combine(_root, $"img-{i}.png");
            Cv2.ImWrite(path, image);
            items.Add(new VersionItem($"item-{i}", "a", 0, "train", path, ContentHash.Of(File.ReadAllBytes(path))));
        }

        return items;
    }
}
