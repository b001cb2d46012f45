using DatasetForge.Core.Definitions;
using DatasetForge.Core.Workspace;
using DatasetForge.Curation.Cropping;
using DatasetForge.Curation.Decoding;
using DatasetForge.Curation.Detection;
using DatasetForge.Curation.Hashing;
using DatasetForge.Curation.Quality;
using DatasetForge.FaceModels.Analysis;
using OpenCvSharp;

namespace DatasetForge.Curation.Stage;

/// <summary>
/// Decodes one stored photo, finds its faces, keeps the dominant one (the largest box; the higher score breaks a tie)
/// and writes the crop the face policy asks for (<see cref="FaceFraming"/>). The crop file is complete on disk (temp file, then move) before the catalogue hears of it.
/// With an <paramref name="analyzer"/>, the dominant face also gets face-api's estimates and descriptor.
/// </summary>
internal sealed class PhotoProcessor(DatasetWorkspace workspace, IFaceDetector detector, CurationOptions options, FaceAnalyzer? analyzer)
{
    // precropped: the photo is already a face crop (an imported source with `precropped: true`): the whole image is the face, no detector runs.
    // Synchronous: it runs on one of curate's workers, and its files are small and local; the asynchronous file calls
    // cost a thread-pool hop and more system calls per photo than a precropped photo's whole decoding.
    public PhotoOutcome Process(int photoId, string sha256, bool precropped, CancellationToken cancellationToken)
    {
        var outcome = new PhotoOutcome(photoId, detector.Name);
        var blob = workspace.BlobPath(sha256);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(blob);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return outcome with { Error = $"the stored file {Path.GetRelativePath(workspace.Root, blob)} is missing" };
        }

        using var decoded = ImageDecoder.Decode(bytes, options.MaxPixels);
        if (decoded.Image is not { } image)
        {
            return outcome with { Error = decoded.Error, Width = decoded.Width, Height = decoded.Height };
        }

        cancellationToken.ThrowIfCancellationRequested();
        // The whole-photo hash and the greyscale test need no face: silhouettes and logos are found by them.
        outcome = outcome with
        {
            Width = image.Width,
            Height = image.Height,
            IsGreyscale = ImageQuality.IsGreyscale(image),
            ImagePerceptualHash = unchecked((long)PerceptualHash.Compute(image)),
        };
        // Under faces: whole the crop needs no face; the detector still runs so the face count and estimates exist.
        var faces = FaceFraming.Order(precropped ? [new FaceDetection(new OpenCvSharp.Rect2f(0, 0, image.Width, image.Height), 1f, [])] : detector.Detect(image));
        outcome = outcome with { FaceCount = faces.Count, PairFaceWidth = FaceFraming.PairWidth(faces, options.Faces, precropped) };
        if (FaceFraming.Competitor(faces, options.Faces, precropped) is { } competitor)
        {
            outcome = outcome with { SecondFaceAreaRatio = competitor.Ratio, SecondFaceScore = competitor.Score };
        }

        var dominant = faces.FirstOrDefault();
        // The networks see the photo itself (face-api's pipeline from the detection box), not our crop.
        var analysis = dominant is null ? null : analyzer?.Analyze(image, [new FaceRegion(dominant.Box.X, dominant.Box.Y, dominant.Box.Width, dominant.Box.Height)])[0];
        using var crop = FaceFraming.Cut(image, faces, options, precropped, out _);
        if (crop is null)
        {
            // No face, or one face under faces: pair: the person rules reject it from the face count.
            return outcome with { Dominant = dominant, Analysis = analysis, EstimatesModel = analysis is null ? null : FaceAnalyzer.ModelName };
        }

        var png = EncodePng(crop, outcome.IsGreyscale == true);
        var cropPath = workspace.CropPath(sha256);
        cancellationToken.ThrowIfCancellationRequested();
        AtomicFile.WriteAllBytes(cropPath, png);
        return outcome with
        {
            Dominant = dominant,
            CropRelativePath = Path.GetRelativePath(workspace.Root, cropPath).Replace('\\', '/'),
            CropSha256 = ContentHash.Of(png),
            PerceptualHash = unchecked((long)PerceptualHash.Compute(crop)),
            Quality = ImageQuality.Measure(crop),
            Analysis = analysis,
            EstimatesModel = analyzer is null ? null : FaceAnalyzer.ModelName,
        };
    }

    /// <summary>
    /// The crop as PNG; one whose three channels are exactly equal (a greyscale photo's, every precropped Fashion-MNIST
    /// image's) as a one-channel PNG: the same pixels for every reader (OpenCV gives them back as equal BGR channels
    /// when asked for colour, the trainer keeps them grey either way), and a third of the bytes to compress and write.
    /// Crops stored as three channels before stay as they are: their pixels are the same, so nothing is redone.
    /// </summary>
    private static byte[] EncodePng(Mat crop, bool greyPhoto)
    {
        if (!greyPhoto || crop.Channels() != 3)
        {
            return crop.ImEncode(".png");
        }

        var planes = crop.Split();
        try
        {
            var equal = Cv2.Norm(planes[0], planes[1], NormTypes.INF) == 0 && Cv2.Norm(planes[1], planes[2], NormTypes.INF) == 0;
            return equal ? planes[0].ImEncode(".png") : crop.ImEncode(".png");
        }
        finally
        {
            foreach (var plane in planes)
            {
                plane.Dispose();
            }
        }
    }
}
